//! Arbitrary bytes into `sasaeai merge`: one or two shard files (cut at the
//! first NUL byte, which JSON text cannot hold), each checked and merged as
//! the command does. Nothing may panic, abort or allocate beyond what the
//! plan of the file's scenario needs; a refused file gets a message that
//! names it and what is wrong; files that merge give a report that renders
//! ([`sasaeai::selfcheck::check_merge`]).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(m) = sasaeai::selfcheck::check_merge(data) {
        panic!("{m}");
    }
});
