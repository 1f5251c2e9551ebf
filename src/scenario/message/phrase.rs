//! The fixed wording of messages ([`Phrase`]): kinds of values, fields,
//! ranges and whole sentences, each with its English and Japanese side by
//! side.

crate::text::catalogue! {
    /// Fixed wording of messages, in both languages.
    pub enum Phrase {
        // Kinds of values, found or expected.
        AString => "a string", "文字列";
        AWhole => "a whole number", "整数";
        ANumber => "a number", "数値";
        ABool => "true/false", "真偽値（true/false）";
        ADate => "a date", "日付";
        AnArray => "an array", "配列";
        ATable => "a table", "表";
        ADistribution => "a number or a distribution like \"pert(0.02,0.03,0.05)\"",
            "数値または\"pert(0.02,0.03,0.05)\"のような分布";
        AWardSource => "the name of a ward data set (like \"tokyo-23\"), a file path, or a table",
            "区データの名前（\"tokyo-23\"など）、ファイルのパス、または表";
        ASharesTable => "\"status_quo\" or a table of shares per line", "\"status_quo\"または費目ごとの構成比の表";
        ATables => "a table or an array of tables", "表または表の配列";
        // Whole numbers, by field.
        Runs => "runs", "試行回数";
        Seed => "seed", "乱数シード";
        Horizon => "horizon (fiscal years)", "期間（年度数）";
        FirstFy => "first_fy", "開始年度（first_fy）";
        SchemaVersion => "schema_version", "スキーマのバージョン（schema_version）";
        ModelVersion => "model version", "モデルのバージョン";
        Participants => "participants", "参加者数";
        Untrained => "untrained", "未研修のサポーター数";
        Certified => "certified", "認定サポーター数";
        FiscalYear => "a fiscal year of the horizon", "期間内の年度";
        // Ranges of numbers.
        Money => "money must be a number of yen from 0 to 1e15", "金額は0〜1e15円の数値で指定してください";
        Probability => "must be a number from 0 to 1", "0〜1の数値で指定してください";
        ShareThreshold => "continuation, satisfaction and awareness are shares: give a threshold from 0 to 1",
            "継続率・満足度・認知度は割合です。基準値は0〜1で指定してください";
        CountThreshold => "a target on people or yen needs a threshold of 0 or more (at most 1e15)",
            "人数または金額の目標の基準値は0以上（1e15以下）で指定してください";
        WardVariation => "ward_variation (a log-sd) must be from 0 to 2", "ward_variation（対数標準偏差）は0〜2で指定してください";
        UnitCost => "a unit cost must be a number of yen from 1 to 1e12",
            "単価は1円以上1e12円以下の数値で指定してください";
        MechanismsNeedV2 => "mechanisms can be switched only in model version 2: remove them or set version = 2",
            "仕組みの切り替えはモデルのバージョン2でのみ指定できます。削除するかversion = 2にしてください";
        ShareShift => "a share shift must be from -1 to 1", "構成比の移動は-1〜1で指定してください";
        ScaleFactor => "a scale factor must be a number from 0 to 1,000,000", "倍率は0〜1,000,000の数値で指定してください";
        StaffFte => "staff_fte must be from 0 to 1,000,000", "staff_fte（職員数、常勤換算）は0〜1,000,000で指定してください";
        Population => "population must be a number of residents from 1 to 1,000,000,000",
            "人口は1〜1,000,000,000人の数値で指定してください";
        Bases => "bases must be a number of sites from 0 to 1,000,000", "拠点数は0〜1,000,000か所の数値で指定してください";
        Continuation => "continuation is the share of participants still taking part a year later: from 0.05 to 1",
            "継続率（1年後も参加を続けている参加者の割合）は0.05〜1で指定してください";
        // What a missing field needs.
        ScenarioName => "give the scenario a short name", "シナリオの短い名前を指定してください";
        TargetId => "give the target an id", "目標のidを指定してください";
        RuleId => "give the rule an id", "ルールのidを指定してください";
        RuleKind => "give kind = \"per_unit\", \"bonus\" or \"withhold\"",
            "kind = \"per_unit\"、\"bonus\"、\"withhold\"のいずれかを指定してください";
        RuleMetric => "name the figure the rule pays against", "支払いの基準にする指標を指定してください";
        Rate => "give the yen paid per unit", "1単位あたりの支払額（円）を指定してください";
        UnitThreshold => "give the level above which units are paid", "これを超えた分を支払う基準の水準を指定してください";
        BonusThreshold => "give the level that earns the bonus", "ボーナスを支払う水準を指定してください";
        BonusAmount => "give the bonus in yen", "ボーナスの額（円）を指定してください";
        Fraction => "give the share of the grants line held back", "運営費助成のうち留保する割合を指定してください";
        Floor => "give the level at which nothing is released", "まったく支出しない水準を指定してください";
        Target => "give the level at which everything is released", "全額を支出する水準を指定してください";
        Threshold => "give the threshold as at_least = … or at_most = …", "基準値をat_least = …またはat_most = …で指定してください";
        TotalPerFy => "basis = \"total\" needs the total in yen per FY", "basis = \"total\"には年度あたりの総額（円）が必要です";
        DataSetName => "give the data set a short name", "区データの短い名前を指定してください";
        StatusQuoFields => "give total_budget, staff_fte, supervision_share and awareness_share",
            "total_budget、staff_fte、supervision_share、awareness_shareを指定してください";
        WardsTables => "list the wards as [[wards]] tables", "区を[[wards]]の表で列挙してください";
        TotalBudget => "give the yen per FY over all wards", "全区合計の年度あたりの額（円）を指定してください";
        StaffTotal => "give the FTE over all wards", "全区合計の職員数（常勤換算）を指定してください";
        ShareOfTotal => "give the share of the total", "総額に占める割合を指定してください";
        WardName => "give the ward's English name", "区の英語名を指定してください";
        Residents => "give the number of residents", "住民の数を指定してください";
        People => "give a whole number of people (0 or more)", "人数を0以上の整数で指定してください";
        Sites => "give the number of activity sites", "活動拠点の数を指定してください";
        KnowShare => "give the share of residents who know the programme", "事業を知っている住民の割合を指定してください";
        SixLines => "give all six lines in yen per FY", "6つの費目すべてを年度あたりの円で指定してください";
        OwnContinuation => "give the share of participants still taking part a year later (0 to 1; the brief's 23-ward figure is 0.723)",
            "1年後も参加を続けている参加者の割合を指定してください（0〜1。提言の23区の値は0.723）";
        OwnSatisfaction => "give the share of participants who are satisfied (0 to 1; the brief's 23-ward figure is 0.872)",
            "満足している参加者の割合を指定してください（0〜1。提言の23区の値は0.872）";
        OwnBudget => "give the ward's six current budget lines in yen per FY under [my_ward.status_quo_budget]: staff, training, supervision, awareness, bases, grants",
            "[my_ward.status_quo_budget]に区の現在の6費目を年度あたりの円で指定してください: staff, training, supervision, awareness, bases, grants";
        // Whole sentences.
        Finite => "must be a finite number", "有限の数値で指定してください";
        NotEmpty => "must not be empty", "空にはできません";
        Null => "null is not allowed; leave the field out instead", "nullは使えません。代わりにこの項目を省いてください";
        JsonObject => "the JSON file must hold one object", "JSONファイルは1つのオブジェクトでなければなりません";
        KeyTwice => "this key is given twice in one object; give it once", "同じオブジェクトにこのキーが2回あります。1回だけ指定してください";
        ModeChoice => "mode must be \"expected\" or \"stochastic\"", "modeは\"expected\"または\"stochastic\"で指定してください";
        OriginChoice => "origin must be \"brief\", \"statistics\" or \"assumption\"",
            "originは\"brief\"、\"statistics\"、\"assumption\"のいずれかで指定してください";
        BasisChoice => "basis must be \"status_quo\" or \"total\"", "basisは\"status_quo\"または\"total\"で指定してください";
        KindChoice => "kind must be \"per_unit\", \"bonus\" or \"withhold\"",
            "kindは\"per_unit\"、\"bonus\"、\"withhold\"のいずれかで指定してください";
        OwnWardAndWards => "a scenario with a [my_ward] section runs that one ward; remove wards = … or the [my_ward] section",
            "[my_ward]セクションのあるシナリオはその1区だけを計算します。wards = …か[my_ward]セクションのどちらかを削除してください";
        TargetIdsUnique => "target ids must be unique", "目標のidが重複しています。目標ごとに別のidにしてください";
        BothSides => "give either at_least or at_most, not both", "at_leastとat_mostはどちらか一方だけを指定してください";
        OnlyWithTotal => "only used with basis = \"total\"", "basis = \"total\"のときだけ使えます";
        SharesSum => "the shares of staff, training, supervision, awareness, bases, grants must sum to 1 (±1e-9)",
            "staff, training, supervision, awareness, bases, grantsの構成比の合計は1（±1e-9）にしてください";
        ShiftSum => "share shifts move share between lines and must sum to 0 (±1e-9)",
            "構成比の移動は費目の間で構成比を移すものなので、合計を0（±1e-9）にしてください";
        NoLine => "names no budget line; give at least one of: staff, training, supervision, awareness, bases, grants",
            "費目の指定がありません。staff, training, supervision, awareness, bases, grantsのうち1つ以上を指定してください";
        RuleIdsUnique => "outcome rule ids must be unique", "成果連動ルールのidが重複しています。ルールごとに別のidにしてください";
        WithholdTotal => "withhold rules can hold back at most the whole grants line (fractions summing to 1)",
            "留保ルールで留保できるのは運営費助成（grants）の全額までです（割合の合計は1まで）";
        WardDataVersion => "this version of Sasaeai reads ward data schema_version = 1",
            "このバージョンのSasaeaiが読める区データはschema_version = 1です";
        WardNamesUnique => "ward names must be unique in a data set", "区の名前が区データ内で重複しています";
        WardTwice => "the ward is listed more than once; list each ward once", "同じ区が2回以上挙げられています。各区は1回だけ挙げてください";
        NoStatusQuoShares => "the status quo has no budget to take shares from; give the shares",
            "現状の予算がないため構成比を求められません。sharesを指定してください";
        NoParticipants => "no ward has participants to spread by; use per_resident or equal",
            "参加者のいる区がないため参加者数で配分できません。per_residentかequalを使ってください";
        BudgetRange => "the budget lines must come out as yen from 0 to 1e15; check the scale factors",
            "各費目の予算額が0〜1e15円の範囲を外れます。倍率を確認してください";
    }
}
