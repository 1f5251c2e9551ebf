//! The model the scenario runs under: version 1 or 2, and under version 2
//! a switch for each of its six mechanisms (docs/model.md §9), each with
//! one line on what it does.

use yew::prelude::*;

use crate::model::{Mechanism, ModelSpec};
use crate::ui::ctx::Ctx;
use crate::ui::i18n::Lang;
use crate::ui::state::Action;

use super::field::select_text;

crate::text::catalogue! {
    /// The model fieldset's wording.
    pub enum Words {
        Title => "Model", "モデル";
        Version => "Model version", "モデルのバージョン";
        Version2 => "Version 2 (growth, capacity that can grow, crowding)", "バージョン2（口コミ・紹介・担い手の増加・混雑を含む）";
        Version1 => "Version 1 (no mechanism of version 2)", "バージョン1（バージョン2の仕組みなし）";
        Help => "Each mechanism can be switched off to see how much the results rest on it; the sensitivity tab compares all of them at once.",
            "各仕組みを外すと、結果がその仕組みにどれだけ依存しているかが分かります。「感度分析」タブでは、すべての構造を一度に比較できます。";
        Mechanisms => "Mechanisms of version 2", "バージョン2の仕組み";
        WordOfMouth => "Participants bring in people they know, in proportion to how many take part.",
            "参加者が知人を誘い、参加者が多いほど新たな参加が増えます。";
        Referrals => "Dedicated staff refer people to the programme; each FTE refers a number per month.",
            "専任職員が支援の必要な人を紹介します（常勤換算1人あたり月に一定数）。";
        NewcomerTraining => "Training places not taken by existing supporters bring in new supporters.",
            "既存の担い手で埋まらない研修枠が、新たな担い手を生みます。";
        LeaderGroups => "Certified supporters run groups outside programme sites, adding places.",
            "研修を修了したサポーターが拠点外でグループを運営し、受け入れ枠が増えます。";
        Online => "The online line buys online and hybrid groups, which add places and reach people who cannot come.",
            "オンライン費目でオンライン・ハイブリッドのグループを運営し、受け入れ枠と参加しやすさが増えます。";
        Crowding => "Full sites lower continuation and satisfaction.",
            "拠点が混み合うと、継続率と満足度が下がります。";
    }
}

fn describe(m: Mechanism) -> Words {
    match m {
        Mechanism::WordOfMouth => Words::WordOfMouth,
        Mechanism::Referrals => Words::Referrals,
        Mechanism::NewcomerTraining => Words::NewcomerTraining,
        Mechanism::LeaderGroups => Words::LeaderGroups,
        Mechanism::Online => Words::Online,
        Mechanism::Crowding => Words::Crowding,
    }
}

/// The model panel: version and the six switches.
#[component]
pub fn ModelSettings(ctx: &Ctx) -> Html {
    let lang: Lang = ctx.state.lang;
    let Some(model) = ctx
        .state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(|l| l.plan.model)
    else {
        return html! {};
    };
    let pick_version = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let version = if select_text(&e) == "1" {
                ModelSpec::V1
            } else {
                ModelSpec::V2
            };
            dispatch.emit(Action::SetModel(version));
        })
    };
    html! {
        <section class="panel model-settings" aria-labelledby="h-model-settings" data-testid="model-settings">
            <h2 id="h-model-settings">{ Words::Title.text(lang) }</h2>
            <div class="field">
                <label for="model-version">{ Words::Version.text(lang) }</label>
                <select id="model-version" data-testid="model-version" onchange={pick_version}>
                    <option value="2" selected={model.version >= 2}>{ Words::Version2.text(lang) }</option>
                    <option value="1" selected={model.version == 1}>{ Words::Version1.text(lang) }</option>
                </select>
            </div>
            if model.version >= 2 {
                <fieldset class="mechanisms">
                    <legend>{ Words::Mechanisms.text(lang) }</legend>
                    <p class="help" id="mechanisms-help">{ Words::Help.text(lang) }</p>
                    { for Mechanism::ALL.into_iter().map(|m| {
                        let on = model.mechanisms.get(m);
                        let id = format!("mechanism-{}", m.key());
                        let help = format!("{id}-help");
                        let onchange = {
                            let dispatch = ctx.dispatch.clone();
                            Callback::from(move |_: Event| {
                                let mut next = model;
                                next.mechanisms.set(m, !on);
                                dispatch.emit(Action::SetModel(next));
                            })
                        };
                        html! {
                            <div class="check">
                                <input type="checkbox" id={id.clone()} checked={on} {onchange}
                                    aria-describedby={help.clone()} data-testid={id.clone()} />
                                <label for={id}>{ m.name(lang) }</label>
                                <p class="help" id={help}>{ describe(m).text(lang) }</p>
                            </div>
                        }
                    }) }
                </fieldset>
            }
        </section>
    }
}
