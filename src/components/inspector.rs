//! The inspector: tables → a table's properties and series → a series' records → a record's
//! version timeline. Where the user is lives in local state; each level asks the engine for its
//! page when it opens and again when the engine's revision moves. Each level has a
//! fixed place among the panel's children, empty while closed: yew matches unkeyed children from
//! the end, so a list that grew as levels open would rebuild the levels above (and drop the focus
//! from the button just pressed).
//!
//! A link from the response (`PanelProps::open`, a rejected record) opens its table, series and
//! version timeline at once and scrolls to the timeline. The timeline says which time is the
//! record's own (`Time`) and which is each write's (when the engine received it).

use timestream_engine::clock::iso8601_millis;
use timestream_engine::{Outcome, ValueView};
use yew::prelude::*;

use timestream_engine::protocol::{Reply, Request};

use super::PanelProps;
use crate::hooks::use_query;

const PAGE: usize = 50;

/// What is open: a table (database, name), a series and a record in it, and the page of each list.
#[derive(Clone, PartialEq, Default)]
struct Nav {
    table: Option<(String, String)>,
    series: Option<u32>,
    record: Option<u32>,
    /// The open record's own time (its `Time`), shown above its timeline.
    time: Option<timestream_engine::clock::Nanos>,
    series_page: usize,
    record_page: usize,
}

fn value_text(v: &ValueView) -> String {
    match (&v.value, &v.measure_values) {
        (Some(s), _) => format!("{s} ({})", v.r#type.as_str()),
        (None, Some(m)) => m.iter().map(|a| format!("{}={} ({})", a.name, a.value, a.r#type.as_str())).collect::<Vec<_>>().join(", "),
        _ => v.r#type.as_str().to_string(),
    }
}

fn outcome_text(o: &Outcome) -> (&'static str, String) {
    match o {
        Outcome::Inserted => ("ok", "accepted (inserted)".into()),
        Outcome::Updated => ("ok", "accepted (updated)".into()),
        Outcome::Unchanged => ("muted", "unchanged (same value and version)".into()),
        Outcome::Rejected { reason, existing_version } => (
            "error",
            match existing_version {
                Some(v) => format!("rejected: {reason} (existing version {v})"),
                None => format!("rejected: {reason}"),
            },
        ),
    }
}

/// Previous/Next buttons for a list at `page`, which showed `shown` rows.
fn pager(label: &'static str, page: usize, shown: usize, nav: &UseStateHandle<Nav>, set: fn(&mut Nav, usize)) -> Html {
    let go = |to: usize| {
        let nav = nav.clone();
        Callback::from(move |_| {
            let mut n = (*nav).clone();
            set(&mut n, to);
            nav.set(n);
        })
    };
    html! {
        <div class="pager" role="group" aria-label={label}>
            <button type="button" disabled={page == 0} onclick={go(page.saturating_sub(1))}>{ "Previous" }</button>
            <span>{ format!("Page {}", page + 1) }</span>
            <button type="button" disabled={shown < PAGE} onclick={go(page + 1)}>{ "Next" }</button>
        </div>
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &PanelProps) -> Html {
    let nav = use_state(Nav::default);
    // Opened from a link: go to the record, then (once its timeline shows) scroll to it.
    let jump = use_mut_ref(|| false);
    use_effect_with(props.open.clone(), {
        let (nav, jump) = (nav.clone(), jump.clone());
        move |open: &Option<crate::jump::RecordRef>| {
            if let Some(r) = open {
                nav.set(Nav {
                    table: Some((r.database.clone(), r.table.clone())),
                    series: Some(r.series),
                    record: Some(r.record),
                    time: Some(r.time),
                    ..Nav::default()
                });
                *jump.borrow_mut() = true;
            }
        }
    });
    let timeline_ref = use_node_ref();
    let (client, revision) = (&props.client, props.revision);
    let at = |db: &String, tn: &String| (db.clone(), tn.clone());
    let tables = use_query(client, Some(Request::Tables), revision);
    let table_q = nav.table.as_ref().map(|(db, tn)| {
        let (database, table) = at(db, tn);
        Request::Table { database, table }
    });
    let table_reply = use_query(client, table_q, revision);
    let series_q = nav.table.as_ref().map(|(db, tn)| {
        let (database, table) = at(db, tn);
        Request::SeriesPage { database, table, offset: nav.series_page * PAGE, limit: PAGE }
    });
    let series_reply = use_query(client, series_q, revision);
    let records_q = nav.table.as_ref().zip(nav.series).map(|((db, tn), series)| {
        let (database, table) = at(db, tn);
        Request::RecordsPage { database, table, series, offset: nav.record_page * PAGE, limit: PAGE }
    });
    let records_reply = use_query(client, records_q, revision);
    let history_q = nav.table.as_ref().zip(nav.record).map(|((db, tn), record)| {
        let (database, table) = at(db, tn);
        Request::RecordHistory { database, table, record }
    });
    let history_reply = use_query(client, history_q, revision);
    // Scroll once every level above the timeline has its answer (they would push it down).
    let settled = [&table_reply, &series_reply, &records_reply].iter().all(|r| r.is_some())
        && matches!(history_reply.as_deref(), Some(Reply::History { attempts }) if !attempts.is_empty());
    use_effect({
        let (jump, timeline_ref) = (jump.clone(), timeline_ref.clone());
        move || {
            if let Some(el) = timeline_ref.cast::<web_sys::Element>().filter(|_| settled && *jump.borrow()) {
                *jump.borrow_mut() = false;
                crate::hooks::bring_into_view(&el);
            }
        }
    });
    let (databases, tables) = match tables.as_deref() {
        Some(Reply::Tables { databases, tables }) => (databases.clone(), tables.clone()),
        _ => (Vec::new(), Vec::new()),
    };
    let open = |f: Box<dyn Fn(&mut Nav)>| {
        let nav = nav.clone();
        Callback::from(move |_: MouseEvent| {
            let mut n = (*nav).clone();
            f(&mut n);
            nav.set(n);
        })
    };

    let table_rows = tables.iter().map(|t| {
        let key = (t.database.clone(), t.table.clone());
        let selected = nav.table.as_ref() == Some(&key);
        let onclick = open(Box::new(move |n| *n = Nav { table: Some(key.clone()), ..Nav::default() }));
        html! {
            <tr class={classes!(selected.then_some("selected"))}>
                <td>{ t.database.clone() }</td>
                <td><button type="button" class="link" aria-label={format!("Open table {}.{}", t.database, t.table)} aria-pressed={selected.to_string()} {onclick}>{ t.table.clone() }</button></td>
                <td>{ t.series }</td><td>{ t.records }</td>
            </tr>
        }
    });

    // Databases without tables still get a row, so the list shows every database.
    let empty_dbs = databases.iter().filter(|d| !tables.iter().any(|t| &t.database == *d)).map(|d| {
        html! { <tr><td>{ d.clone() }</td><td class="muted">{ "(no tables)" }</td><td>{ 0 }</td><td>{ 0 }</td></tr> }
    });

    let (mut table, mut records, mut timeline) = (Html::default(), Html::default(), Html::default());
    if let Some((db, tn)) = &nav.table {
        match (table_reply.as_deref(), series_reply.as_deref()) {
            (Some(Reply::Table { table: desc, tags }), Some(Reply::Series { series })) => {
                let tags = tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(", ");
                let r = &desc.retention_properties;
                let m = &desc.magnetic_store_write_properties;
                let key = desc
                    .schema
                    .composite_partition_key
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|k| match (&k.name, &k.enforcement_in_record) {
                        (Some(n), Some(e)) => format!("{} {n} ({e})", k.r#type),
                        (Some(n), None) => format!("{} {n}", k.r#type),
                        _ => k.r#type.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let properties = html! {
                    <section class="inspector-table" aria-label={format!("Table {db}.{tn}")} data-testid="inspector-properties">
                        <h3>{ format!("{db}.{tn}") }</h3>
                        <dl class="meta">
                            <dt>{ "ARN" }</dt><dd class="mono">{ desc.arn.clone() }</dd>
                            <dt>{ "Status" }</dt><dd>{ desc.table_status.clone() }</dd>
                            <dt>{ "Memory store retention" }</dt><dd>{ format!("{} hours", r.memory_store_retention_period_in_hours) }</dd>
                            <dt>{ "Magnetic store retention" }</dt><dd>{ format!("{} days", r.magnetic_store_retention_period_in_days) }</dd>
                            <dt>{ "Magnetic store writes" }</dt><dd>{ if m.enable_magnetic_store_writes { "enabled" } else { "disabled" } }</dd>
                            <dt>{ "Partition key" }</dt><dd>{ if key.is_empty() { "none".to_string() } else { key } }</dd>
                            <dt>{ "Tags" }</dt><dd>{ if tags.is_empty() { "none".to_string() } else { tags } }</dd>
                        </dl>
                    </section>
                };
                let rows = series.iter().map(|s| {
                    let id = s.id;
                    let dims = s.dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
                    let selected = nav.series == Some(id);
                    let onclick = open(Box::new(move |n| { n.series = Some(id); n.record = None; n.record_page = 0; }));
                    html! {
                        <tr class={classes!(selected.then_some("selected"))}>
                            <td><button type="button" class="link" aria-label={format!("Open series {dims}")} aria-pressed={selected.to_string()} {onclick}>{ if dims.is_empty() { "(no dimensions)".to_string() } else { dims.clone() } }</button></td>
                            <td>{ s.records }</td>
                        </tr>
                    }
                });
                table = html! { <>
                    { properties }
                    <section aria-label="Series">
                        <h3>{ "Series" }</h3>
                        <table data-testid="inspector-series">
                            <thead><tr><th>{ "Dimensions" }</th><th>{ "Records" }</th></tr></thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                        { pager("Series pages", nav.series_page, series.len(), &nav, |n, p| { n.series_page = p; n.series = None; n.record = None; }) }
                    </section>
                </> };
            }
            (Some(Reply::Error { .. }), _) | (_, Some(Reply::Error { .. })) => {
                table = html! { <p class="placeholder">{ format!("Table {db}.{tn} no longer exists.") }</p> }
            }
            _ => table = html! { <p class="placeholder">{ "Asking the engine…" }</p> },
        }
        if nav.series.is_some() {
            let list = match records_reply.as_deref() {
                Some(Reply::Records { records }) => records.clone(),
                _ => Vec::new(),
            };
            let shown = list.len();
            let rows = list.iter().map(|r| {
                let id = r.id;
                let selected = nav.record == Some(id);
                let time = r.time;
                let onclick = open(Box::new(move |n| (n.record, n.time) = (Some(id), Some(time))));
                let when = iso8601_millis(r.time);
                html! {
                    <tr class={classes!(selected.then_some("selected"))}>
                        <td><button type="button" class="link" aria-label={format!("Open record {} at {when}", r.measure_name)} aria-pressed={selected.to_string()} {onclick}>{ r.measure_name.clone() }</button></td>
                        { super::time_cell(&when) }
                        <td>{ r.version }</td>
                        <td class="mono">{ value_text(&r.value) }</td>
                        <td>{ r.attempts }</td>
                    </tr>
                }
            });
            records = html! {
                <section aria-label="Records">
                    <h3>{ "Records" }</h3>
                    <table data-testid="inspector-records">
                        <thead><tr><th>{ "Measure" }</th><th>{ "Time" }</th><th>{ "Version" }</th><th>{ "Value" }</th><th>{ "Attempts" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    { pager("Record pages", nav.record_page, shown, &nav, |n, p| { n.record_page = p; n.record = None; }) }
                </section>
            };
        }
        if nav.record.is_some() {
            let history = match history_reply.as_deref() {
                Some(Reply::History { attempts }) => attempts.clone(),
                _ => Vec::new(),
            };
            let items = history.iter().map(|a| {
                let (class, text) = outcome_text(&a.outcome);
                html! {
                    <li class="attempt">
                        <span class="mono" title="Write time: when the engine received this write">{ format!("written {}", iso8601_millis(a.at)) }</span>
                        <span>{ format!("version {}", a.version) }</span>
                        <span class="mono">{ value_text(&a.value) }</span>
                        <span class={classes!("outcome", class)}>{ text }</span>
                    </li>
                }
            });
            timeline = html! {
                <section ref={timeline_ref.clone()} aria-label="Version timeline" data-testid="inspector-timeline">
                    <h3>{ "Version timeline" }</h3>
                    <p class="hint" data-testid="timeline-times">
                        if let Some(t) = nav.time {
                            { "Record time (the record's Time): " }<span class="mono">{ iso8601_millis(t) }</span>{ ". " }
                        }
                        { "Each line is one write of this record: the write time (when the engine received it, by its clock), the Version, the value and what happened." }
                    </p>
                    <ol class="timeline" data-testid="inspector-history">{ for items }</ol>
                </section>
            };
        }
    }

    html! {
        <section class="inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Inspector" }</h2>
            if databases.is_empty() {
                <p class="placeholder">{ "No databases yet: run CreateDatabase and CreateTable." }</p>
            } else {
                <table data-testid="inspector-tables">
                    <thead><tr><th>{ "Database" }</th><th>{ "Table" }</th><th>{ "Series" }</th><th>{ "Records" }</th></tr></thead>
                    <tbody>{ for table_rows }{ for empty_dbs }</tbody>
                </table>
            }
            { table }{ records }{ timeline }
        </section>
    }
}
