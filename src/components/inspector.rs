//! The inspector: databases → tables with their series and record counts.

use yew::prelude::*;

use super::PanelProps;

#[function_component(Inspector)]
pub fn inspector(props: &PanelProps) -> Html {
    let tables = props.engine.0.borrow().table_summaries();
    html! {
        <section class="inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Inspector" }</h2>
            if tables.is_empty() {
                <p class="placeholder">{ "No tables yet: run CreateDatabase and CreateTable." }</p>
            } else {
                <table data-testid="inspector-tables">
                    <thead><tr><th>{ "Database" }</th><th>{ "Table" }</th><th>{ "Series" }</th><th>{ "Records" }</th></tr></thead>
                    <tbody>
                        { for tables.iter().map(|t| html! {
                            <tr><td>{ t.database.clone() }</td><td>{ t.table.clone() }</td><td>{ t.series }</td><td>{ t.records }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
