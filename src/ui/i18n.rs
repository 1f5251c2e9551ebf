//! Every text of the interface in English and Japanese. A message is a
//! variant of [`Msg`] written with both translations side by side, so a
//! message cannot exist in one language only; the test below also checks
//! that no translation is empty.

use serde::{Deserialize, Serialize};

/// Language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 日本語 (the default for Japanese browsers).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The language for a browser language tag such as `ja-JP` or `en-GB`.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

macro_rules! messages {
    ($($variant:ident => $en:literal, $ja:literal;)*) => {
        /// A message of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg { $($variant),* }

        impl Msg {
            /// Every message.
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),*];

            /// The message in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$variant, Lang::En) => $en, (Msg::$variant, Lang::Ja) => $ja,)*
                }
            }
        }
    };
}

messages! {
    AppTitle => "Sasaeai — peer-support programme planner", "支え合い — ピアサポート活動支援の計画シミュレーター";
    AppTagline => "Monte Carlo projections of participation, continuation and cost for Tokyo's 23 wards. Everything runs in this browser; no data leaves it.",
        "東京23区のピアサポート活動の参加・継続・費用をモンテカルロ法で予測します。計算はすべてこのブラウザ内で行われ、データは外部に送信されません。";
    LanguageToggle => "日本語", "English";
    Workspace => "Scenario", "シナリオ";
    PickScenario => "Start from", "元にするシナリオ";
    SavedScenarios => "Saved scenarios", "保存したシナリオ";
    Save => "Save", "保存";
    Delete => "Delete", "削除";
    Open => "Open", "開く";
    Name => "Name (file name)", "名前（ファイル名）";
    Title => "Title", "タイトル";
    Description => "Description", "説明";
    Budget => "Budget", "予算";
    BudgetHelp => "Six lines per fiscal year, totals of all wards. Edit a cell to change that line in that year; the change is spread over wards as the line already is.",
        "年度ごとの6費目（全区の合計）。セルを編集すると、その年度の費目が変わり、各区への配分は現在の比率を保ちます。";
    BudgetMode => "Budget set as", "予算の指定方法";
    ModeLines => "lines per year", "費目ごと";
    ModeTotal => "a total and shares", "総額と配分比率";
    TotalPerYear => "Total per fiscal year (¥)", "年度あたり総額（円）";
    Shares => "Shares of the lines", "費目の配分比率";
    Spread => "Spread over wards", "区への配分方法";
    SpreadPerResident => "per resident", "人口比";
    SpreadPerParticipant => "per participant", "参加者数比";
    SpreadEqual => "equal", "均等";
    SpreadStatusQuo => "as the status quo", "現状と同じ比率";
    FiscalYear => "Fiscal year", "年度";
    Line => "Line", "費目";
    Total => "Total", "合計";
    WardOverrides => "Per-ward amounts", "区別の金額";
    WardOverridesHelp => "Amounts of one fiscal year by ward. Editing a cell fixes that ward's line in that year.",
        "選んだ年度の区別の金額。セルを編集すると、その区・年度の費目を指定した金額に固定します。";
    Ward => "Ward", "区";
    OutcomeRules => "Outcome-linked payments (成果連動型)", "成果連動型の支払い";
    OutcomeRulesHelp => "Rules evaluated per ward at each fiscal year end.", "各年度末に区ごとに評価するルール。";
    AddRule => "Add a rule", "ルールを追加";
    Remove => "Remove", "削除";
    Kind => "Kind", "種類";
    Metric => "Metric", "指標";
    Parameters => "Uncertain parameters", "不確実なパラメータ";
    ParametersHelp => "Each parameter with its distribution (what the simulation samples), point value (used in expected mode), origin and meaning.",
        "各パラメータの分布（シミュレーションで抽出）、点推定値（期待値モードで使用）、出典、意味。";
    Parameter => "Parameter", "パラメータ";
    Distribution => "Distribution", "分布";
    PointValue => "Point value", "点推定値";
    Origin => "Origin", "出典";
    Meaning => "Meaning", "意味";
    OriginBrief => "brief", "提言";
    OriginStatistics => "statistics", "統計";
    OriginAssumption => "assumption", "仮定";
    RunSettings => "Run settings", "実行設定";
    Runs => "Runs", "試行回数";
    Seed => "Seed", "乱数シード";
    Mode => "Mode", "モード";
    ModeStochastic => "stochastic (uncertain)", "確率的（不確実性あり）";
    ModeExpected => "expected (one run)", "期待値（1回）";
    Horizon => "Horizon (fiscal years)", "期間（年度数）";
    FirstFy => "First fiscal year", "開始年度";
    Targets => "Targets", "目標";
    Threshold => "Threshold", "基準値";
    AtLeast => "at least", "以上";
    Direction => "Success when", "達成条件";
    AddTarget => "Add a target", "目標を追加";
    AtMost => "at most", "以下";
    Run => "Run", "実行";
    Cancel => "Cancel", "中止";
    RunDisabledErrors => "Fix the errors listed above to run.", "上のエラーを直すと実行できます。";
    RunDisabledRunning => "A run is in progress.", "実行中です。";
    RunDisabledLoading => "The simulation worker is starting.", "計算用ワーカーを起動しています。";
    Progress => "Progress", "進捗";
    RunsDone => "runs done", "回完了";
    TimeLeft => "time left", "残り時間";
    Cancelled => "Cancelled: results of the runs finished so far.", "中止しました。完了した試行までの結果です。";
    Partial => "Partial results: the run is still going.", "途中経過：計算を続けています。";
    Errors => "Problems in the scenario", "シナリオの問題";
    InputRefused => "That value was not accepted; the cell keeps its amount.", "その値は受け付けられません。セルの金額は変わっていません。";
    Warnings => "Notes", "注意";
    Results => "Results", "結果";
    NoResults => "Run the scenario to see its projections here.", "シナリオを実行すると、ここに予測が表示されます。";
    TargetCards => "Targets at the end of the horizon", "期間終了時の目標達成";
    Probability => "probability", "確率";
    McError => "Monte Carlo error", "モンテカルロ誤差";
    FanCharts => "Over time", "推移";
    Median => "median", "中央値";
    Band90 => "5–95 % of futures", "将来の5〜95 %";
    Band50 => "25–75 % of futures", "将来の25〜75 %";
    Month => "Month", "月";
    Participants => "Participants", "参加者数";
    Continuation => "Annual continuation", "年間継続率";
    Awareness => "Awareness", "認知度";
    Certified => "Certified supporters", "認定サポーター数";
    Untrained => "Untrained supporters", "未研修サポーター数";
    Satisfaction => "Satisfaction", "満足度";
    CumulativeSpending => "Cumulative spending", "累計支出";
    People => "people", "人";
    Share => "share", "割合";
    Yen => "yen", "円";
    Distributions => "Distributions at the horizon", "期間終了時の分布";
    HorizonParticipants => "Participants at the end", "期間終了時の参加者数";
    TotalSpending => "Total spending over the horizon", "期間中の総支出";
    ShareOfRuns => "share of runs", "試行の割合";
    Spending => "Spending by line and fiscal year", "費目別・年度別の支出";
    Appropriation => "Appropriation", "予算額";
    POverrun => "P(spending > appropriation)", "予算超過の確率";
    OutcomePayments => "Outcome-linked payments", "成果連動型の支払い";
    Mean => "mean", "平均";
    WardTable => "Wards", "区別の結果";
    Per10k => "Participants per 10,000 residents", "人口1万人あたり参加者数";
    SpendingPerParticipant => "Spending per participant (per year)", "参加者1人あたり支出（年間）";
    Population => "Population", "人口";
    WardTargetHelp => "Target probabilities per ward judge each ward on its own figures: rates against the same threshold, totals against the ward's share of the threshold (its share of the stock at the start, or of the planned budget for spending).",
        "区別の目標達成確率は各区の数値で判定します。率は同じ基準値、合計値は基準値のうちその区の割合（開始時点の人数の割合、支出は計画予算の割合）と比べます。";
    SortBy => "Sort by", "並べ替え";
    DataTable => "Data table", "データ表";
    DownloadSvg => "Download SVG", "SVGをダウンロード";
    KeepAndShare => "Keep and share", "保存と共有";
    ExportToml => "Export scenario (TOML)", "シナリオを書き出す（TOML）";
    ExportJson => "Export scenario (JSON)", "シナリオを書き出す（JSON）";
    Import => "Import a scenario file", "シナリオファイルを読み込む";
    ImportRefused => "The file was not imported; your scenario is unchanged.", "ファイルは読み込まれませんでした。現在のシナリオは変更されていません。";
    ShareLink => "Share link", "共有リンク";
    ShareLinkHelp => "The whole scenario and seed are in this link; opening it reproduces the same results.", "このリンクにシナリオと乱数シードがすべて含まれ、開くと同じ結果を再現できます。";
    CopyLink => "Copy", "コピー";
    DownloadCsv => "Download results (CSV)", "結果をダウンロード（CSV）";
    DownloadJson => "Download results (JSON)", "結果をダウンロード（JSON）";
    RestoredFromLink => "Opened the scenario in the link.", "リンクのシナリオを開きました。";
    LinkBroken => "The link is damaged or incomplete; your saved work was kept.", "リンクが壊れているか不完全です。保存済みの作業はそのままです。";
    StorageDamaged => "Saved work could not be read and was set aside; a fresh workspace was opened.", "保存データを読み込めなかったため別に保管し、新しい作業領域を開きました。";
    WorkerFailed => "The simulation worker stopped unexpectedly.", "計算用ワーカーが予期せず停止しました。";
    Loading => "Loading…", "読み込み中…";
    Of => "of", "/";
    Edit => "Edit", "編集";
    Tools => "Results and tools", "結果と分析ツール";
    SensitivityTitle => "Which assumption matters most", "どの仮定が結果を左右するか";
    SensitivityHelp => "Each uncertain parameter is moved from its 10th to its 90th percentile while every other stays at its point value (expected mode); the bars are sorted by how far the output moves. The longest bar is the assumption most worth checking with a ward's own data. (Rank correlations over the Monte Carlo runs: `sasaeai sensitivity`.)",
        "不確実なパラメータを一つずつ10パーセンタイルから90パーセンタイルまで動かし、他は点推定値に固定して（期待値モード）、結果がどれだけ動くかを大きい順に示します。最も長い棒が、区の実データで確かめる価値の最も高い仮定です。（モンテカルロ試行での順位相関は `sasaeai sensitivity` で。）";
    Percentile10 => "parameter at its 10th percentile", "パラメータが10パーセンタイル";
    Percentile90 => "parameter at its 90th percentile", "パラメータが90パーセンタイル";
    PointValues => "all parameters at their point values", "全パラメータが点推定値";
    NoUncertainParameters => "Every parameter of this scenario is fixed, so there is nothing to vary.", "このシナリオのパラメータはすべて固定値のため、動かす対象がありません。";
    EquityTitle => "Equity across wards", "区の間の公平性";
    EquityHelp => "How evenly support reaches the wards: a map of the 23 wards coloured by a per-ward measure of the last run, and the Gini coefficient and the largest-to-smallest ratio of spending per participant and per resident, for the status quo and for this scenario (mean and 5–95 % of the simulated futures). \"Equal support per participant\" builds a scenario with the same total per year spread so that every ward gets the same support per participant (the brief's standardisation).",
        "支援が各区にどれだけ均等に届くか。直近の実行結果の区別指標で23区を色分けした地図と、参加者一人当たり・住民一人当たり支出のジニ係数と最大／最小の比を、現状と本シナリオ（試行の平均と5〜95%）で示します。「参加者一人当たり支援額をそろえる」は、年度の総額を保ったまま各区の参加者一人当たり支援額が等しくなるよう配分したシナリオを作ります（提言の標準化）。";
    Equalize => "Equal support per participant (same total)", "参加者一人当たり支援額をそろえる（総額は同じ）";
    Equalized => "The scenario now gives every ward the same support per participant at the same total. Run it to compare; the previous scenario is still in the saved list if you saved it.",
        "各区の参加者一人当たり支援額が等しくなるよう、同じ総額を配分し直しました。実行して比較してください。元のシナリオは保存していれば保存一覧にあります。";
    EquityMap => "The 23 wards", "23区の地図";
    NoData => "no data", "データなし";
    Range5to95 => "5–95 %", "5〜95%";
    NotDefined => "not defined", "定義できない";
    Gini => "Gini coefficient", "ジニ係数";
    MaxMinRatio => "largest ÷ smallest", "最大÷最小";
    EquityFigures => "Spread of support between wards", "区の間の支援のばらつき";
    WardsCount => "wards", "区";
    Measure => "Measure", "指標";
    StatusQuoColumn => "status quo", "現状";
    ThisScenario => "this scenario, runs:", "本シナリオ・試行回数：";
    SpendingPerResident => "Spending per resident", "住民一人当たり支出";
    WardData => "Ward data", "区のデータ";
    OptimiseTitle => "Best split of a budget", "予算配分の最適化";
    OptimiseHelp => "Searches the shares of the six lines (and, if asked, the spread over wards) that do best on the objective, trying every split on the same simulated futures. The best split is then checked on fresh runs, with its interval, against the scenario as it stands.",
        "6費目の配分比率（指定すれば区への配分方法も）を探索し、目的に最も適う配分を求めます。どの配分も同じ乱数（同じ将来像）で評価し、最良の配分は別の試行で現行シナリオと比較して信頼区間とともに確かめます。";
    Objective => "Objective", "目的";
    ObjectiveAllTargets => "P(all targets met)", "全目標の達成確率";
    ObjectiveTarget => "P(target met):", "目標の達成確率：";
    ObjectiveParticipants => "expected participants at the horizon", "期間末の参加者数（期待値）";
    ObjectiveCostPerRetained => "spending per retained participant-year (lower is better)", "継続参加者1人年あたりの費用（低いほど良い）";
    OptimiseTotalHelp => "Yen per fiscal year, split over the lines. Empty: the scenario's first-year total,", "各年度の総額（円）。空欄なら現行シナリオの初年度総額：";
    ShareBounds => "Bounds of each line's share (%)", "費目ごとの配分比率の範囲（%）";
    Lowest => "lowest", "下限";
    Highest => "highest", "上限";
    SearchSpread => "Also search how each line is spread over wards", "区への配分方法も探索する";
    Optimise => "Search", "探索";
    OptimiseCancelled => "The search was cancelled before it was validated; nothing was changed.", "検証の前に探索を中止しました。シナリオは変更されていません。";
    BestSoFar => "best so far", "暫定最良";
    BestSplit => "Best split found", "見つかった最良の配分";
    Difference => "difference", "差";
    Interval95 => "95% interval", "95%区間";
    OptimiseBetter => "On fresh runs the best split does better than the scenario as it stands, beyond Monte Carlo error.", "別の試行でも、最良の配分は現行シナリオをモンテカルロ誤差を超えて上回りました。";
    OptimiseNotBetter => "On fresh runs the difference from the scenario as it stands is within Monte Carlo error.", "別の試行では、現行シナリオとの差はモンテカルロ誤差の範囲内でした。";
    PerYear => "a year", "／年";
    Start => "scenario now", "現行シナリオ";
    Best => "best split", "最良の配分";
    SearchedWith => "Searched with iterations × splits × runs:", "探索：反復 × 配分候補 × 試行";
    ValidatedOn => "validated on", "検証の試行回数";
    OpenOptimised => "Open as a new scenario (and save it)", "新しいシナリオとして開く（保存も）";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            for lang in [Lang::En, Lang::Ja] {
                assert!(
                    !m.text(lang).trim().is_empty(),
                    "{m:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn browser_language_picks_japanese_for_ja_tags() {
        assert_eq!(Lang::from_browser("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_browser("JA"), Lang::Ja);
        assert_eq!(Lang::from_browser("en-GB"), Lang::En);
        assert_eq!(Lang::from_browser(""), Lang::En);
    }
}
