//! SVG charts of simulation summaries (plotters' SVG backend): fan charts,
//! histograms and stacked bars. Pure functions from plain data to SVG text,
//! so they render natively (tests) and in the browser alike.
