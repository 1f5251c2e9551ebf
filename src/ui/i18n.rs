//! Every text of the interface in English and Japanese. A message is a
//! variant of [`Msg`] written with both translations side by side, so a
//! message cannot exist in one language only; the test below also checks
//! that no translation is empty and that both name the same `{values}`.

pub use crate::text::{Lang, say};

crate::text::catalogue! {
    /// A message of the interface. A value it names in braces, such as
    /// `{runs}`, is put in by `fill`.
    pub enum Msg {
        AppTitle => "Sasaeai — peer-support programme planner", "支え合い — ピアサポート活動支援の計画シミュレーター";
        AppTagline => "Monte Carlo projections of participation, continuation and cost for Tokyo's 23 wards. Everything runs in this browser; no data leaves it.",
            "東京23区のピアサポート活動の参加・継続・費用をモンテカルロ法で予測します。計算はすべてこのブラウザ内で行われ、データは外部に送信されません。";
        LanguageToggle => "日本語", "English";
        SkipToRun => "Skip to the results and Run", "結果と「実行」へ移動";
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
        BudgetHelp => "Seven lines per fiscal year, totals of all wards. Edit a cell to change that line in that year; the change is spread over wards as the line already is.",
            "年度ごとの7費目（全区の合計）。セルを編集すると、その年度の費目が変わり、各区への配分は現在の比率を保ちます。";
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
        // Parameters of a mechanism switched off.
        ParameterUnused => " (not used: its mechanism is off)", "（仕組みがオフのため使われません）";
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
        TimeLeft => "{time} left", "残り{time}";
        Cancelled => "Cancelled: results of the runs finished so far.", "中止しました。完了した試行までの結果です。";
        Partial => "Partial results: the run is still going.", "途中経過：計算を続けています。";
        Errors => "Problems in the scenario", "シナリオの問題";
        InputRefused => "That value was not accepted; the cell keeps its amount.", "その値は受け付けられません。セルの金額は変わっていません。";
        Warnings => "Notes", "注意";
        Results => "Results", "結果";
        NoResults => "Run the scenario to see its projections here.", "シナリオを実行すると、ここに予測が表示されます。";
        // Results that are not the scenario's current ones, and why.
        StaleInvalid => "Not up to date: the scenario has an error, so it cannot be run. The results shown (if any) are of an earlier version.",
            "最新ではありません：シナリオに誤りがあるため計算できません。表示中の結果は編集前のものです。";
        StaleRunning => "Calculating: the figures shown are a first estimate and will change as runs come in.",
            "計算中：表示中の数値は途中の推計で、試行が進むにつれて変わります。";
        StaleNone => "No results yet: the scenario is run as soon as the simulation is ready.",
            "結果はまだありません。計算の準備ができしだい自動で実行します。";
        StaleEdited => "Not up to date: the scenario was changed after these results; they will be recalculated.",
            "最新ではありません：この結果の後にシナリオが変更されました。再計算します。";
        StaleCancelled => "Not complete: the run was cancelled, so the figures are of the runs done. Press Run to finish.",
            "未完了：計算を中止したため、数値は完了した試行のみのものです。「実行」で計算し直せます。";
        StalePrint => "These results are not up to date with the scenario; print again once the calculation has finished.",
            "この結果はシナリオの最新の状態を反映していません。計算が終わってから印刷し直してください。";
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
        AllSupporters => "Supporters (untrained and certified)", "サポーター数（未研修・認定の計）";
        Waitlist => "Waitlist", "待機者数";
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
        StorageDamagedKept => "Saved work could not be read. There is no room in this browser's storage to set it aside, so it is left as it was and nothing new is saved over it.",
            "保存データを読み込めませんでした。ブラウザの保存領域に空きがなく別に保管できないため、そのまま残し、上書き保存はしていません。";
        SaveFailed => "Your latest changes could not be saved in this browser.", "最新の変更をこのブラウザに保存できませんでした。";
        SaveFailedHelp => "Its storage for this page is full (or turned off). What was saved before them is kept unchanged. To keep this work, export the scenario file; deleting saved scenarios you no longer need makes room.",
            "ブラウザの保存領域がいっぱい（または無効）です。それより前に保存した内容はそのまま残っています。この作業を残すには、シナリオファイルを書き出してください。不要になった保存済みシナリオを削除すると空きができます。";
        SavingAgain => "Your changes are being saved in this browser again.", "このブラウザへの保存が再びできるようになりました。";
        ReplacedByBuiltin => "Opened the built-in scenario.", "組み込みのシナリオを開きました。";
        ReplacedBySaved => "Opened the saved scenario.", "保存したシナリオを開きました。";
        ReplacedByImport => "Imported the scenario file.", "シナリオファイルを読み込みました。";
        ReplacedByOptimised => "Opened the best split as a new scenario and saved it.", "最良の配分を新しいシナリオとして開き、保存しました。";
        ReplaceUndone => "The scenario you had before is back.", "置き換える前のシナリオに戻しました。";
        Undo => "Undo", "元に戻す";
        DismissNotice => "Close this message", "このメッセージを閉じる";
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
        Equalized => "The scenario now gives every ward the same support per participant at the same total. Run it to compare.",
            "各区の参加者一人当たり支援額が等しくなるよう、同じ総額を配分し直しました。実行して比較してください。";
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
        OptimiseHelp => "Searches the shares of the seven lines (and, if asked, the spread over wards) that do best on the objective, trying every split on the same simulated futures. The best split is then checked on fresh runs, with its interval, against the scenario as it stands.",
            "7費目の配分比率（指定すれば区への配分方法も）を探索し、目的に最も適う配分を求めます。どの配分も同じ乱数（同じ将来像）で評価し、最良の配分は別の試行で現行シナリオと比較して信頼区間とともに確かめます。";
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
        SlideDifferenceNote => "in brackets, points above or below the first plan in the same futures", "括弧内は同じ試行での1番目の案との差（ポイント）";
        VsBaseline => "vs A:", "Aとの差：";
        MarginToTargets => "Margin to the target(s), mean over the fresh runs", "目標までの余裕（別の試行での平均）";
        MarginHelp => "In each run, how far the figure furthest from its target lies from it, as a share of the target (negative: short of it). Splits with the same probability were ranked by this.", "各試行で、最も目標から遠い指標がその目標から何％離れているか（負の値は未達）。達成確率が同じ配分は、この値で順位を付けています。";
        BindingTargets => "Furthest from its target, share of the best split's runs", "最良の配分で最も目標から遠い指標（試行に占める割合）";
        OptimiseFlatZero => "No run meets the objective's target(s), with the scenario as it stands or with the best split, so the probability cannot tell splits apart: the search ranked them by the margin above, and the best split is the one that comes closest. To search for what this budget can change, choose an objective that moves:", "現行シナリオでも最良の配分でも目標を達成した試行がなく、達成確率では配分を比べられません。探索は上の「目標までの余裕」で順位を付けたため、最良の配分は目標に最も近づくものです。この予算で変えられるものを探すには、変化する目的を選んでください：";
        OptimiseFlatOne => "Every run meets the objective's target(s), with the scenario as it stands and with the best split, so the probability cannot tell splits apart: the search ranked them by how far they exceed the target(s) (the margin above).", "現行シナリオでも最良の配分でもすべての試行で目標を達成しており、達成確率では配分を比べられません。探索は目標をどれだけ上回るか（上の「目標までの余裕」）で順位を付けました。";
        UseObjective => "Use the objective:", "目的を変更：";
        OptimiseNotBetter => "On fresh runs the difference from the scenario as it stands is within Monte Carlo error.", "別の試行では、現行シナリオとの差はモンテカルロ誤差の範囲内でした。";
        PerYear => "a year", "／年";
        Start => "scenario now", "現行シナリオ";
        Best => "best split", "最良の配分";
        Change => "change", "増減";
        OptimiseHorizon => "At the horizon on the fresh runs: every target and figure, not only the objective", "期間終了時（別の試行）：目的以外も含むすべての目標と指標";
        OptimiseWorse => "The best split makes these targets less likely than the scenario as it stands (bounds on the lines or another objective can keep them):", "最良の配分では、次の目標の達成確率が現行シナリオより下がります（各項目の下限・上限や別の目的で保てます）：";
        SearchedWith => "Searched with iterations × splits × runs:", "探索：反復 × 配分候補 × 試行";
        ValidatedOn => "validated on", "検証：";
        OpenOptimised => "Open as a new scenario (and save it)", "新しいシナリオとして開く（保存も）";
        CompareTitle => "Compare scenarios", "シナリオの比較";
        CompareHelp => "Pick 2 to 4 scenarios; the first is the baseline (A). Every scenario is run with the baseline's seed, runs and targets, run by run on the same simulated futures (common random numbers), so the differences come from the plans and not from luck.",
            "2〜4個のシナリオを選びます。最初のシナリオが基準（A）です。すべてのシナリオを基準シナリオの乱数シード・試行回数・目標で、同じ将来像（共通乱数）の上で試行ごとに計算するので、差は偶然ではなく計画の違いによるものです。";
        ComparePickTwo => "Pick at least two scenarios: the baseline and one to compare with it.", "基準シナリオと比較するシナリオの少なくとも2つを選んでください。";
        CompareNone => "— none —", "— なし —";
        CompareCurrent => "Scenario being edited", "編集中のシナリオ";
        Baseline => "Baseline", "基準";
        ScenarioLetter => "Scenario", "シナリオ";
        CompareRunsHelp => "Runs of each scenario. Empty: the baseline's runs. The seed is the baseline's.", "各シナリオの試行回数。空欄なら基準シナリオの試行回数。乱数シードは基準シナリオのものを使います。";
        CompareRun => "Compare", "比較する";
        CompareTargets => "Probability of meeting each target at the horizon (± Monte Carlo error), and each plan's difference from A on the same runs (95 % interval)", "期間終了時の目標達成確率（±モンテカルロ誤差）と、同じ試行で比べたAとの差（95%区間）";
        CommonRandomNumbers => "common random numbers", "共通乱数";
        CompareOutput => "Output of the charts", "グラフの指標";
        CompareMedians => "Medians and 25–75 % bands", "中央値と25〜75%の幅";
        CompareDifferenceFan => "Paired difference", "対の差";
        NoDifference => "no difference", "差なし";
        LowerIsBetter => "lower is better", "低いほど良い";
        CompareHorizon => "Paired difference at the horizon", "期間終了時の対の差";
        CompareMeanDifference => "mean difference", "差の平均";
        Vrf => "VRF", "分散減少率";
        VrfLong => "variance reduction factor: (Var(A) + Var(B)) / Var(B − A)", "分散減少率：(Var(A) + Var(B)) / Var(B − A)";
        CostPerParticipant => "Cost per additional participant", "参加者1人増あたりの費用";
        CostPerParticipantYear => "Cost per additional retained participant-year", "継続参加者1人年増あたりの費用";
        ParticipantsWord => "the difference in participants", "参加者数の差が";
        ParticipantYearsWord => "the difference in participant-years", "参加者年数の差が";
        CostBelowOne => "is below one", "1未満";
        CostOneRun => "one run: no interval", "試行1回のため区間なし";
        CostUnbounded => "95 % interval unbounded: the difference in the denominator is not clearly away from 0", "95%区間は有界ではありません（分母の差が0と明確に異なりません）";
        CorrelationsTitle => "Rank correlations over the Monte Carlo runs", "モンテカルロ試行での順位相関";
        CorrelationsHelp => "Spearman's ρ between the value each parameter was drawn at in a simulated future and the output at the horizon in that future, over the runs of the last run: +1 when the output always rises with the parameter, −1 when it always falls, 0 when they are unrelated. Unlike the tornado, every parameter varies at once, so ρ shows how closely the output follows each parameter amid all the other uncertainty.",
            "各シミュレーション（将来像）でパラメータが抽出された値と、その将来像の期間終了時の指標との間のスピアマンの順位相関係数ρ（直近の実行の試行全体）。パラメータとともに指標が常に増えるなら+1、常に減るなら−1、無関係なら0です。トルネード図と違いすべてのパラメータが同時に変化するため、ほかの不確実性がある中で指標が各パラメータにどれだけ連動するかを示します。";
        CorrelationsNeedRun => "Run the scenario (Results tab, stochastic mode) to see the rank correlations over its Monte Carlo runs.", "順位相関を見るには、シナリオを確率的モードで実行してください（「結果」タブ）。";
        NoCorrelations => "The last run sampled no parameters (expected mode, or every parameter fixed), so there is nothing to correlate.", "直近の実行ではパラメータを抽出していません（期待値モード、またはすべてのパラメータが固定）。相関を計算できません。";
        CorrelationsStale => "These correlations are from the last run, before your latest changes to the scenario; run it again to update them.", "この相関はシナリオを変更する前の直近の実行によるものです。更新するには再度実行してください。";
        MyWardTitle => "My ward", "自区の数値";
        MyWardHelp => "Enter your ward's own figures: the model calibrates to them so that the status quo holds them steady, and says next to each figure when the status quo cannot be stationary (at capacity) or a figure is implausible for the model (for example more participants than the need pool). The figures are the [my_ward] section of the scenario being edited, so they are saved, exported and shared like any other field.",
            "自区の数値を入力します。モデルは現状が維持されるようにこれらの数値に合わせて較正し、現状が定常になりえない場合（定員の上限）や、モデルにとってありえない数値（例：需要人口より多い参加者）を各項目の横に表示します。数値は編集中のシナリオの[my_ward]セクションなので、他の項目と同じく保存・書き出し・共有できます。";
        MyWardStartHelp => "The scenario being edited has no ward figures of its own. Start from the illustrative example or from one ward's figures in the built-in data (the brief's 23-ward totals apportioned by population), then replace them with yours. This replaces the scenario being edited; save it first if you want to keep it.",
            "編集中のシナリオには区独自の数値がありません。例示の数値、または組み込みデータの区の数値（提言の23区合計を人口で按分したもの）から始め、自区の数値に置き換えてください。編集中のシナリオは置き換わるので、残したい場合は先に保存してください。";
        MyWardStartFrom => "Start from the figures of", "元にする数値";
        MyWardExample => "the illustrative example (250,000 residents)", "例示の区（人口25万人）";
        MyWardBuiltinFigures => "a ward of the built-in data", "組み込みデータの区";
        MyWardStart => "Use these figures for my ward", "この数値から自区の入力を始める";
        OwnWardTitle => "{ward} (own figures)", "{ward}（区独自の数値）";
        OwnWardDescription => "{ward}: the built-in figures apportioned from the brief's 23-ward totals, to be replaced by the ward's own.",
            "{ward}：提言の23区合計から按分した組み込みの数値。区独自の数値に置き換えてください。";
        MyWardStarted => "The scenario is now one ward with its own figures; replace them with your ward's in the My ward tab.", "シナリオを区独自の数値の1区に切り替えました。「自区の数値」タブで自区の数値に置き換えてください。";
        MyWardFigures => "The ward's figures now", "区の現在の数値";
        MyWardBudget => "Current budget lines (yen per fiscal year)", "現在の費目別予算（円／年度）";
        MyWardCalibration => "Calibration checks", "較正の確認";
        MyWardCapacities => "What the status quo can hold", "現状の受け入れ能力";
        MyWardFixFields => "Fix the fields marked below to see the calibration checks.", "下の項目のエラーを直すと較正の確認が表示されます。";
        MyWardRun => "Run my ward", "自区を実行";
        WardNameEn => "Ward name (English)", "区の名前（英語）";
        WardNameJa => "Ward name (Japanese)", "区の名前（日本語）";
        Sites => "Activity sites", "活動拠点数";
        AwarenessShare => "Awareness (share of residents, 0–1)", "認知度（住民の割合、0〜1）";
        ContinuationShare => "Continuation (share still taking part a year later, 0–1)", "継続率（1年後も参加している割合、0〜1）";
        SatisfactionShare => "Satisfaction (share satisfied, 0–1)", "満足度（満足している割合、0〜1）";
        NeedPool => "Need pool (share of residents in need × population)", "需要人口（支援を必要とする住民の割合 × 人口）";
        SupporterCapacity => "Participants the supporters can carry", "サポーターが受け持てる参加者数";
        SiteCapacity => "Participants the sites can hold", "拠点が受け入れられる参加者数";
        CheckWarning => "Warning", "警告";
        CheckNote => "Note", "注記";
        CheckWarnings => "warnings", "件の警告";
        CheckNotes => "notes", "件の注記";
        CheckAtCapacity => "at capacity: the status quo cannot be stationary", "定員の上限：現状は定常になりえません";
        CheckNoDemand => "nobody can join at the status quo", "現状では誰も新たに参加できません";
        CheckAwarenessDrifts => "awareness cannot be held at its starting value", "認知度を開始時の値に保てません";
        CheckNoRecruits => "supporters cannot be held: no participants to recruit them from", "サポーターを迎える参加者がおらず、サポーター数を保てません";
        CheckNeedPool => "more participants than the need pool", "参加者数が需要人口を超えています";
        CheckNoSupporters => "participants but no supporters", "参加者がいるのにサポーターがいません";
        CheckSupporterCapacity => "more participants than the supporters can carry", "参加者数がサポーターの受け持てる数を超えています";
        CheckNoSites => "participants but no money for activity sites", "参加者がいるのに拠点の予算がありません";
        CheckSiteCapacity => "more participants than the sites can hold", "参加者数が拠点の受け入れ能力を超えています";
        CheckBasesBudget => "the sites line does not pay for the stated sites", "拠点の予算が記入した拠点数と合いません";
        CheckAwarenessRange => "awareness outside the model's range", "認知度がモデルの範囲外です";
        CheckContinuationRange => "continuation outside the model's range", "継続率がモデルの範囲外です";
        CheckSatisfactionRange => "satisfaction above the model's cap", "満足度がモデルの上限を超えています";
        CheckTrainingReplacement => "training does not replace the certified supporters who stop", "研修が修了サポーターの減少を補いません";
        CheckSupervisionExcess => "more supervision money than supervising every supporter costs", "スーパービジョンの予算が全サポーター分の費用を超えています";
        CheckNoGrants => "no operating grants at the status quo", "現状では運営補助金がありません";
        CheckPerParticipantRange => "support per participant outside the brief's range across the wards", "参加者1人あたりの支援額が提言の23区の範囲外です";
        Present => "Present", "プレゼンテーション";
        PresentHelp => "Full-screen slides of the last run for a projector: arrow keys move between slides, Escape leaves.",
            "直近の実行結果をプロジェクター向けに全画面のスライドで表示します。矢印キーで移動し、Escキーで終了します。";
        Presentation => "Presentation", "プレゼンテーション表示";
        PresentPrev => "Previous", "前へ";
        PresentNext => "Next", "次へ";
        PresentExit => "Leave (Esc)", "終了（Esc）";
        Slide => "Slide", "スライド";
        QuestionHeading => "The question", "問い";
        RunQuestion => "Will “{title}” meet its targets by {when}?", "「{title}」で、{when}までに目標を達成できるか。";
        PlansHeading => "The plans compared", "比較した計画";
        PlanHeading => "The plan: appropriation by line and fiscal year", "計画：費目別・年度別の予算額";
        ChanceOfTarget => "chance of meeting the target", "目標を達成する確率";
        SpendingVsAppropriation => "Spending against the appropriation", "支出と予算額";
        FiscalYearsWord => "fiscal years", "年度";
        SimulatedFutures => "{runs} simulated futures", "{runs}通りの将来をシミュレーション";
        PrintReport => "Print report", "報告書を印刷";
        PrintHelp => "An A4 report of the last run: summary, charts, targets, wards and every assumption, with the seed, runs, scenario hash and share link on every page.",
            "直近の実行結果のA4報告書を印刷します。概要、グラフ、目標、区別の結果、すべての前提条件を含み、各ページに乱数シード、試行回数、シナリオのハッシュ値、共有リンクを記載します。";
        ReportTitle => "Projection report", "予測報告書";
        ScenarioSummary => "Scenario summary", "シナリオの概要";
        TargetTable => "Probability of meeting each target at the horizon", "期間終了時の目標ごとの達成確率";
        WardTableReport => "Results by ward", "区別の結果";
        AppendixTitle => "Appendix: every assumption", "付録：すべての前提条件";
        AppendixHelp => "Each parameter as this scenario sets it: the point value (used in expected mode), the distribution sampled in each run and where the default comes from. brief = a figure stated in the policy brief (which says its figures are not yet fact-checked); statistics = public statistics; assumption = ours, to be replaced by a ward with its own data.",
            "このシナリオでの各パラメータの点推定値（期待値モードで使用）、各試行で抽出する分布、既定値の出典区分。提言＝政策提言に記載の数値（提言自身が数値は未検証と述べています）、統計＝公的統計、仮定＝本モデルの仮定（各区の実データで置き換える前提）。";
        UnitCosts => "Unit costs", "単価";
        UnitCostFte => "Dedicated staff, per FTE per year", "専任職員（常勤換算1人・年あたり）";
        UnitCostSeat => "Training, per seat", "研修（1人分）";
        UnitCostSupervision => "Supervision, per supporter-month", "スーパービジョン（サポーター1人・1か月あたり）";
        UnitCostBase => "Activity site, per site per year", "活動拠点（1か所・年あたり）";
        Stamp => "Reproducibility", "再現情報";
        Value => "Value", "値";
        ModelTitle => "How the model works", "モデルの説明";
        ModelIntro => "Every run follows each ward month by month with the equations below (docs/model.md §4–6). Figures the model needs and the policy brief gives are labelled brief; the rest are labelled assumption and can be replaced in a scenario. The brief itself says its figures are AI-assisted and not yet fact-checked.",
            "各試行では、以下の式（docs/model.md §4〜6）で区ごとに月単位の推移を計算します。モデルが必要とし政策提言に記載がある数値には「提言」、それ以外には「仮定」の区分を付けており、シナリオで置き換えられます。提言自身、数値はAIの支援で作成され未検証であると述べています。";
        ModelMonth => "One month in one ward (§4)", "1区の1か月（§4）";
        ModelState => "State at the start of month m: N participants, U untrained and C certified supporters, A awareness; S = U + C. The budget b is the ward's lines for the fiscal year of m; h(x) = 1 − x^(1/12) turns an annual continuation into a monthly hazard.",
            "月mの開始時の状態：参加者N、未研修サポーターU、認定サポーターC、認知度A。S = U + C。予算bはmの年度の区の費目別予算。h(x) = 1 − x^(1/12) は年間継続率を月あたりの離脱率に換算します。";
        ModelProgramme => "Programme quantities from the budget", "予算から決まる事業量";
        ModelSteps => "The month's flows", "その月の流れ";
        ModelSpendingNote => "All flows of a month use the state at its start. Spending in the month: staff, awareness and sites 1/12 of the line; training = trained × seat cost; supervision = min(line/12, supervision cost · S); grants = line/12 less any amount withheld (§6). Expected mode runs these flows with real numbers and point parameters; stochastic mode draws inflow and recruits from Poisson and dropouts and attrition from binomial distributions.",
            "その月の流れはすべて月初の状態から計算します。月の支出：職員・普及啓発・拠点は費目の1/12、研修＝研修修了者数×1人分の費用、スーパービジョン＝min(費目/12, 単価·S)、運営費助成＝費目/12から留保額（§6）を引いた額。期待値モードは実数と点推定値でこの流れを計算し、確率的モードは参加・新規サポーターをポアソン分布、離脱を二項分布から抽出します。";
        ModelCalibration => "Calibration (§5)", "較正（§5）";
        ModelCalibrationText => "τ_ref, g_ref and cov_ref are τ, g and cov of the status quo at m = 0. Three rates are solved in every run so that the status quo is exactly stationary at m = 0: join makes inflow equal dropouts, recruit makes recruits equal aU + trained, and aw_gain makes dA = 0. Every run so reproduces the known present, and uncertainty only bends the response to change. A status quo already at capacity cannot be stationary: it is calibrated to demand = dropouts and a warning names the ward.",
            "τ_ref、g_ref、cov_refはm = 0における現状のτ、g、cov。各試行で3つの率を解き、m = 0で現状が厳密に定常になるようにします：joinは参加＝離脱、recruitは新規サポーター＝aU＋研修修了、aw_gainはdA = 0となるように決めます。これにより各試行は既知の現在を再現し、不確実性は変化への反応だけを左右します。すでに定員の上限にある現状は定常になりえないため、需要＝離脱で較正し、その区を警告で示します。";
        ModelOutcome => "Outcome-linked funding (§6)", "成果連動型の資金（§6）";
        ModelOutcomeText => "Rules are evaluated per ward at each fiscal year end on participants at the year end, new participants in the year, the year's continuation (the product over its months of 1 − d), certified supporters, awareness or satisfaction. per_unit pays a yen rate for each unit above the threshold (optionally capped); bonus pays a lump sum when the metric reaches the threshold; withhold holds back a share of the grants line and releases it in proportion to clamp((metric − floor) / (target − floor), 0, 1) — what is not released is not spent. Payments count as spending of the year evaluated.",
            "ルールは各年度末に区ごとに評価します。指標は年度末の参加者数、年度内の新規参加者数、年度の継続率（各月の1 − dの積）、認定サポーター数、認知度、満足度です。per_unitは基準値を超えた1単位ごとに単価を支払い（上限も設定可）、bonusは指標が基準値に達したときに一括で支払い、withholdは運営費助成の一部を留保してclamp((指標 − 下限) / (目標 − 下限), 0, 1)の割合で支出します（支出されない分は使われません）。支払いは評価した年度の支出になります。";
        ModelParameters => "Every parameter", "すべてのパラメータ";
        ModelParametersHelp => "Defaults of model version 1; a scenario may give any parameter another value or distribution.",
            "モデル第1版の既定値。シナリオで任意のパラメータに別の値や分布を設定できます。";
        BriefFigure => "Figure in the brief", "提言の数値";
        NoBriefFigure => "none (model assumption)", "なし（モデルの仮定）";
        ListSeparator => ", ", "、";
        BeforeReplacing => "Before replacing: {title} ({at})", "置き換え前: {title}（{at}）";
        // Keeping work: an edited built-in, confirming a replacement, saves and deletions.
        EditedTitle => "{title} (edited)", "{title}（編集中）";
        ConfirmReplaceTitle => "Replace the scenario being edited?", "編集中のシナリオを置き換えますか？";
        ConfirmReplaceHelp => "It has changes that are not saved. If you go on, it is kept in the saved list as it is now, and Undo brings it back.",
            "保存していない変更があります。置き換えても、今の内容は「保存したシナリオ」に残り、「元に戻す」で戻せます。";
        ConfirmReplace => "Replace", "置き換える";
        KeepEditing => "Keep editing", "編集を続ける";
        SavedAs => "Saved as “{name}”.", "「{name}」として保存しました。";
        DeletedSaved => "Deleted “{name}” from the saved list.", "保存したシナリオから「{name}」を削除しました。";
        KeptInSavedList => "The previous scenario is kept in the saved list as “{name}”.",
            "元のシナリオは保存一覧に「{name}」として残してあります。";
        // Money entry in the budget editor.
        AmountHelp => "Type yen (12500000 or 12,500,000) or use 万 and 億: 7096万, 4731万円, 2億, 1億2000万. Change an amount with +50%, -10%, ×1.5 or +1000万. Full-width digits are fine. Under each cell: the amount as read.",
            "金額は円で（12500000 または 12,500,000）、または「7096万」「4731万円」「2億」「1億2000万」のように万・億を付けて入力できます。今の額を変えるには「+50%」「-10%」「×1.5」「+1000万」と入力します。全角数字も使えます。各セルの下に、読み取った金額を表示します。";
        ShareExact => "{line}, share in %", "{line}の配分比率（%）";
        ShareRefused => "Share of {line} = \"{typed}\": give a percentage from 0 to 100 (e.g. 12.5)",
            "{line}の配分比率 = \"{typed}\": 0〜100の百分率で入力してください（例: 12.5）";
        // --- Printed report (issue date, issuing section, first-page summary) and equity notices ---
        ReportIssuedOn => "Date of issue", "発行日";
        ReportIssuer => "Issued by", "担当課";
        ReportIssuerLabel => "Issuing section printed on the report", "報告書に記載する担当課";
        ReportIssuerHelp => "Printed on the first page of the report and kept in this browser. Left empty, the report has a blank to fill in by hand.",
            "印刷する報告書の1ページ目に記載し、このブラウザに保存します。空欄のままなら、手書き用の空欄になります。";
        ReportIssuerTooLong => "Issuing section: {length} characters; at most {max} are allowed. The first {max} are kept.",
            "担当課：{length}文字です。{max}文字までです。先頭の{max}文字を使います。";
        ReportIssuerNotSaved => "The issuing section could not be kept in this browser (storage unavailable or full): it is printed, but lost when the page is reloaded.",
            "担当課をこのブラウザに保存できませんでした（保存領域が使えないか満杯です）。印刷には反映されますが、再読み込みすると消えます。";
        ReportSummaryTitle => "Summary", "要旨";
        ReportCaveat => "Caution: the default figures come from a policy brief whose own text says they were prepared with AI assistance and have not been verified. Check them against the ward's own data before relying on these results.",
            "ご注意：既定の数値の出典である政策提言は、その数値がAIの支援により作成され未検証であると自ら述べています。この結果を判断の根拠とする前に、各区の実データで確認してください。";
        ReportPlan => "The plan", "計画";
        ReportPlanSentence => "“{title}”: appropriation of {total} over {span} ({first} in the first fiscal year).",
            "「{title}」：{span}の予算総額{total}（初年度{first}）。";
        ReportTargetsSummary => "Chance of meeting each target", "目標ごとの達成確率";
        ReportShareLink => "Share link: opening it reproduces this report's scenario, seed and runs", "共有リンク（開くと、この報告書と同じシナリオ・乱数シード・試行回数で再現できます）";
        ReportShareQr => "Scanned with a phone, this QR code opens the same link", "スマートフォンで読み取ると、同じリンクが開きます";
        ReportShareQrTooLong => "The link is too long for a QR code; type or copy it instead.", "リンクが長すぎるため、QRコードは印刷していません。リンクを入力するかコピーしてください。";
        ReportPageNote => "The scenario hash and the seed at the foot of every page identify the run.", "各ページ下部のシナリオのハッシュ値と乱数シードで、計算条件を特定できます。";
        GiniExplain => "Gini coefficient: 0 means every ward gets exactly the same, 1 means one ward gets everything. A small value such as 0.017 means the wards are nearly equal.",
            "ジニ係数：0は全区がまったく同じ、1は1つの区にすべてが集中している状態です。0.017のような小さい値は、区の間がほぼ均等であることを示します。";
        EquityScaleHelp => "Colours run from {lo} to {hi}: centred on the mean of the wards and at least ±25 % of it wide, so small differences show as nearly the same colour.",
            "色は{lo}から{hi}までの範囲で塗り分けています（各区の平均を中心に、平均の±25%以上の幅）。小さな差はほぼ同じ色になります。";
        SyntheticDataBanner => "SYNTHETIC DATA: the differences between wards are invented (support per participant spread from ¥20,000 to ¥83,000 by a fixed rule). They are not any ward's real budget; do not quote them as facts about a ward.",
            "【合成データ】区の間の差は架空のものです（参加者一人当たり支援額を一定の規則で2万円〜8万3千円に割り振ったもの）。実在の区の予算ではないため、特定の区の事実として引用しないでください。";
        ApportionedDataBanner => "ILLUSTRATIVE DATA: each ward's figures are the brief's 23-ward totals shared out by population, not the ward's own records; differences between wards here say nothing about real wards.",
            "【例示データ】各区の数値は、提言の23区合計を人口比で按分したもので、各区の実績ではありません。ここに表れる区の間の差は、実際の区の違いを示すものではありません。";
        EquityTargetMeasure => "Chance of meeting “{target}”", "「{target}」の達成確率";
        // Plain words: the first FY in the era calendar.
        FirstFyIs => "Starts in {fy}", "{fy}から";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        assert_eq!(Msg::faulty(), []);
    }

    #[test]
    fn browser_language_picks_japanese_for_ja_tags() {
        assert_eq!(Lang::from_browser("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_browser("JA"), Lang::Ja);
        assert_eq!(Lang::from_browser("en-GB"), Lang::En);
        assert_eq!(Lang::from_browser(""), Lang::En);
    }
}
