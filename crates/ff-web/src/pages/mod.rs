//! HTML pages. Each page is a typed askama view struct; handlers parse input, call one service
//! function, and render. Every page works without JavaScript.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ff_domain::FieldError;
use ff_domain::policy::{Action, Actor, authorise};

use crate::AppState;
use crate::auth::PageUser;

/// Runs a form's `submit` body with its names bound: `$id` the record's id, `$form` what was
/// posted, `$errs` the form's own mistakes (empty at first) and `$db` the database. Shared by the
/// form-page macros; its caller must import `ValidationErrors` and `ServiceError`.
macro_rules! submitted {
    (|$id:ident, $form:ident, $errs:ident, $db:ident| $body:block, $id_val:expr, $form_val:expr, $db_val:expr) => {{
        let $id = $id_val;
        let $form = $form_val;
        #[allow(unused_mut)]
        let mut $errs = ValidationErrors::new();
        let $db = $db_val;
        let result: Result<(), ServiceError> = async $body.await;
        result
    }};
}

/// A form page about one child: GET shows the fields, POST runs `submit`; on success it goes
/// back to the child's record, on a refusal it shows the form again with the errors and what
/// was typed. `$loader(state, user, child, id)` loads whatever the fields need (checking access).
/// Handlers must import `State`, `Path`, `Query`, `Response`, `Uuid`, `AppState`, `PageUser`,
/// `PageError`, `ServiceError`, `ValidationErrors`, `FormData`, `Field`, `ChildParam`,
/// `child_of`, `form`, `back_to` and `errors_of`. A page is written as two lines of data (who
/// loads, the handlers and the action; then the heading, button, address, where it goes back to
/// and the field a refusal belongs to) and then its fields and what it saves.
macro_rules! child_action {
    ($loader:path; $get:ident, $post:ident, $action:expr, $heading:literal, $submit:literal, $path:literal, $saved:literal, $rule_field:literal,
     fields = |$e:ident, $f:ident, $today:ident| $fields:expr,
     submit = |$ctx:ident, $id:ident, $form:ident, $errs:ident, $db:ident| $body:block) => {
        pub async fn $get(
            State(state): State<AppState>,
            user: PageUser,
            Path(id): Path<Uuid>,
            Query(q): Query<ChildParam>,
        ) -> Result<Response, PageError> {
            let ctx = user.ctx(&state);
            $crate::pages::precheck(&ctx, $action)?;
            let child = child_of(&q)?;
            let $e = $loader(&state, &user, child, id).await?;
            let $f: Option<&FormData> = None;
            let $today = ctx.today();
            let fields: Vec<Field> = $fields;
            let fields = $crate::pages::fields::with_child(child, fields);
            Ok(form(&state, &user, child, ($heading, format!($path, id = id), $submit), fields, vec![]).await)
        }

        pub async fn $post(
            State(state): State<AppState>,
            user: PageUser,
            Path(id): Path<Uuid>,
            form_data: FormData,
        ) -> Result<Response, PageError> {
            let $ctx = user.ctx(&state);
            $crate::pages::precheck(&$ctx, $action)?;
            let child: Uuid = $crate::pages::actions::posted_child(&form_data)?;
            let result = submitted!(|$id, $form, $errs, $db| $body, id, &form_data, &state.db);
            match result {
                Ok(()) => Ok(back_to(child, $saved)),
                Err(err) => {
                    let errors = errors_of(err, $rule_field)?;
                    let $e = $loader(&state, &user, child, id).await?;
                    let $f: Option<&FormData> = Some(&form_data);
                    let $today = $ctx.today();
                    let fields: Vec<Field> = $fields;
                    let fields = $crate::pages::fields::with_child(child, fields);
                    Ok(form(&state, &user, child, ($heading, format!($path, id = id), $submit), fields, errors).await)
                }
            }
        }
    };
}

pub(crate) mod actions;
pub mod admin;
pub mod arrangements;
pub mod assessments;
pub mod carers;
pub mod case_notes;
pub mod child_protection;
pub mod data_set;
pub mod documents;
pub mod escalations;
pub mod family_help;
pub mod family_networks;
pub mod fields;
pub mod forecasts;
pub mod front_door;
pub mod genogram;
pub mod home_search;
pub mod insight;
pub mod letters;
pub mod looked_after;
pub mod meeting_record;
pub mod outside_home;
pub mod partnership;
pub mod partnership_audits;
pub mod people;
pub mod plan_record;
pub mod postcodes;
pub mod professionals;
pub mod providers;
pub mod regions;
pub mod reports;
pub mod returns;
pub mod section11;
pub mod session;
pub mod sharing;
pub mod sufficiency;
pub mod support_packages;
pub mod workforce;
pub mod workforce_share;
mod written;
mod written_record;

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the shared layout needs.
pub struct Layout {
    pub title: String,
    pub council: String,
    pub la: String,
    pub user: Option<String>,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub has_errors: bool,
    /// Who the page is about, shown above its content.
    pub child: Option<ff_service::people::ChildBanner>,
}

impl Layout {
    pub async fn for_user(state: &AppState, user: &PageUser, title: &str, active: &str) -> Layout {
        let actor = user.actor();
        let council = council_name(state, actor.la_code.as_str()).await;
        Layout {
            title: title.to_owned(),
            council,
            la: actor.la_code.to_string(),
            user: Some(format!("{}, {}", actor.display_name, actor.role.label().to_lowercase())),
            csrf: user.csrf().to_owned(),
            nav: nav_for(actor, active),
            has_errors: false,
            child: None,
        }
    }

    pub async fn anonymous(state: &AppState, title: &str, csrf: &str) -> Layout {
        Layout {
            title: title.to_owned(),
            council: council_name(state, &state.home_la).await,
            la: state.home_la.clone(),
            user: None,
            csrf: csrf.to_owned(),
            nav: vec![],
            has_errors: false,
            child: None,
        }
    }

    pub fn with_errors(mut self, errors: &[FieldError]) -> Self {
        self.has_errors = !errors.is_empty();
        self
    }
}

async fn council_name(state: &AppState, la: &str) -> String {
    ff_service::settings::current_for_la(&state.db, la).await.map(|s| s.settings.name).unwrap_or_else(|_| "Families First".to_owned())
}

/// Pages of the menu: (address, label).
pub type MenuPages = Vec<(&'static str, &'static str)>;

/// Every page of the menu the actor may open, in the menu's order: (address, label).
pub fn pages_for(actor: &Actor) -> MenuPages {
    // Short labels; adding a person is on the People page and the working-day calendar is linked
    // from the footer.
    let all: [(&'static str, &'static str, Action); 22] = [
        ("/work", "My work", Action::ViewWorkTray),
        ("/team-work", "Team cases", Action::ViewTeamCases),
        ("/child-protection", "Child protection", Action::ViewChildProtectionOverview),
        ("/children-in-care", "In care", Action::ViewChildrenInCare),
        ("/places", "Places", Action::WorkWithPlaces),
        ("/carers", "Carers", Action::ViewCarers),
        ("/home-searches", "Home searches", Action::WorkOnHomeSearch),
        ("/sufficiency", "Sufficiency", Action::ViewSufficiency),
        ("/workforce", "Workforce", Action::ViewWorkforce),
        ("/partnership", "Partnership", Action::ViewPartnership),
        ("/providers", "Homes and agencies", Action::ManageProviders),
        ("/teams", "Teams", Action::ManageTeams),
        ("/performance", "Performance", Action::ViewPerformance),
        ("/returns", "Returns", Action::ViewPerformance),
        ("/sharing", "Sharing", Action::ShareWithRegion),
        ("/forecasts", "Forecasts", Action::Forecast),
        ("/region", "Region", Action::ViewRegion),
        ("/support-budget", "Budget", Action::ViewSupportBudget),
        ("/people", "People", Action::SearchPeople),
        ("/settings", "Council settings", Action::EditSettings),
        ("/admin/users", "Users", Action::ViewUsers),
        ("/admin/audit", "Audit trail", Action::VerifyAudit),
    ];
    all.into_iter().filter(|(_, _, a)| authorise(actor, *a, None).is_ok()).map(|(href, label, _)| (href, label)).collect()
}

/// The menu's width at 1280 px (the GOV.UK page's 960 px), and an estimate of an item's width
/// with the space after it, from the widths of the letters in the GOV.UK font at 19 px (thin
/// letters about 5 px, capitals 12, m and w 15, the rest 10), a little over for bold (the page
/// the user is on): the menu stays on one row.
const MENU_WIDTH: usize = 960;
fn item_width(label: &str) -> usize {
    let letters: usize = label
        .chars()
        .map(|c| match c {
            'i' | 'l' | 't' | 'f' | 'j' | 'r' | ' ' => 5,
            'm' | 'w' | 'M' | 'W' => 15,
            c if c.is_uppercase() => 12,
            _ => 10,
        })
        .sum();
    letters * 107 / 100 + 6 + 30
}

/// The actor's pages split into those in the menu (in order, finding a person last) and those
/// behind "More": the menu holds Home and the pages while they fit one row at 1280 px.
pub fn menu_pages(actor: &Actor) -> (MenuPages, MenuPages) {
    let pages = pages_for(actor);
    let all_fit = pages.iter().map(|(_, l)| item_width(l)).sum::<usize>() + item_width("Home") <= MENU_WIDTH + 30;
    if all_fit {
        return (pages, vec![]);
    }
    // Finding a person stays in the menu, last before "More".
    let pinned = pages.iter().find(|(href, _)| *href == "/people").copied();
    let mut used = item_width("Home") + pinned.map_or(0, |(_, l)| item_width(l)) + item_width("More") - 30;
    let (mut shown, mut rest) = (vec![], vec![]);
    for (href, label) in pages {
        if pinned.is_some_and(|(p, _)| p == href) {
            continue;
        }
        if !rest.is_empty() || used + item_width(label) > MENU_WIDTH {
            rest.push((href, label));
            continue;
        }
        used += item_width(label);
        shown.push((href, label));
    }
    shown.extend(pinned);
    (shown, rest)
}

/// The menu: Home, the pages that fit, and "More" (the home page's list of the rest), marked as
/// where the user is on a page behind it.
fn nav_for(actor: &Actor, active: &str) -> Vec<NavItem> {
    let (shown, rest) = menu_pages(actor);
    let mut items = vec![NavItem { href: "/", label: "Home", active: active == "/" }];
    items.extend(shown.into_iter().map(|(href, label)| NavItem { href, label, active: href == active }));
    if !rest.is_empty() {
        items.push(NavItem { href: "/#more-pages", label: "More", active: rest.iter().any(|(href, _)| *href == active) });
    }
    items
}

/// The role check a child's page makes before loading anything. Partner agencies pass for what
/// they may do on their team's cases; the loader and the service then check the case itself.
pub fn precheck(ctx: &ff_service::Ctx, action: Action) -> Result<(), ff_service::ServiceError> {
    if ctx.actor.role == ff_domain::roles::Role::PartnerAgency && ff_domain::policy::PARTNER_ON_TEAM_CASE.contains(&action) {
        return Ok(());
    }
    ctx.authorise(action)
}

pub fn can(actor: &Actor, action: Action) -> bool {
    authorise(actor, action, None).is_ok()
}

/// Render a template into a response with a status.
pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, this page could not be shown.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: &'a str,
    message: &'a str,
}

/// What an error page says, kept on its response so the session layer can show it again inside
/// the signed-in person's header and navigation (`dress_error_page`).
#[derive(Debug, Clone)]
pub struct ErrorPageInfo {
    heading: String,
    message: String,
}

/// A standalone error page (no database access, so it works even when storage is failing).
pub fn render_error_page(status: StatusCode, heading: &str, message: &str) -> Response {
    let layout = Layout {
        title: heading.to_owned(),
        council: "Families First".to_owned(),
        la: "000".to_owned(),
        user: None,
        csrf: String::new(),
        nav: vec![],
        has_errors: false,
        child: None,
    };
    let mut resp = render(status, &ErrorPage { layout, heading, message });
    resp.extensions_mut().insert(ErrorPageInfo { heading: heading.to_owned(), message: message.to_owned() });
    resp
}

/// An error page shown to someone signed in keeps their council's header, their name and the
/// navigation, so a wrong address or a refused action is one step from the next piece of work
///. Server errors stay standalone: they must not depend on storage.
pub async fn dress_error_page(state: &AppState, session: Option<std::sync::Arc<ff_service::auth::Session>>, resp: Response) -> Response {
    let Some(info) = resp.extensions().get::<ErrorPageInfo>().cloned() else { return resp };
    let Some(session) = session.filter(|s| !s.must_change_password) else { return resp };
    if resp.status().is_server_error() {
        return resp;
    }
    let user = PageUser { session };
    let layout = Layout::for_user(state, &user, &info.heading, "").await;
    let dressed = render(resp.status(), &ErrorPage { layout, heading: &info.heading, message: &info.message });
    // Keep what the original answer said besides its body (Retry-After, cookies).
    let (mut parts, _) = resp.into_parts();
    let (new_parts, body) = dressed.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    if let Some(ct) = new_parts.headers.get(axum::http::header::CONTENT_TYPE) {
        parts.headers.insert(axum::http::header::CONTENT_TYPE, ct.clone());
    }
    Response::from_parts(parts, body)
}

/// One field of a generic form page (see `templates/people/simple_form.html`).
pub enum Field {
    /// name, label, value, hint
    Text(&'static str, &'static str, String, &'static str),
    /// name, legend, day, month, year, hint
    Date(&'static str, &'static str, String, String, String, &'static str),
    /// name, legend, options (value, label), selected
    Radios(&'static str, &'static str, Vec<(String, String)>, String),
    Select(&'static str, &'static str, Vec<(String, String)>, String),
    Checkbox(&'static str, &'static str, bool),
    /// name, label, value, hint
    TextArea(&'static str, &'static str, String, &'static str),
    Hidden(&'static str, String),
    /// name, label, hint: a file to upload (the form then posts as multipart).
    File(&'static str, &'static str, String),
    Paragraph(String),
    /// A heading over the fields that follow it, for long forms in parts.
    Section(String),
    /// The significant adults of an assessment: (person id, name, relationship, seen, assessed,
    /// father or male carer), posted as `seen_<id>` and `assessed_<id>` checkboxes.
    Adults(Vec<(uuid::Uuid, String, String, bool, bool, bool)>),
}

impl Field {
    /// The name the field posts under (its errors carry the same name).
    pub fn name(&self) -> Option<&str> {
        match self {
            Field::Text(n, ..) | Field::Date(n, ..) | Field::Radios(n, ..) | Field::Select(n, ..) | Field::Checkbox(n, ..) => Some(n),
            Field::TextArea(n, ..) | Field::Hidden(n, _) | Field::File(n, ..) => Some(n),
            Field::Adults(_) => Some("adults"),
            Field::Paragraph(_) | Field::Section(_) => None,
        }
    }

    /// The words that label the field, for messages that must say which field is wrong.
    pub fn label(&self) -> Option<&str> {
        match self {
            Field::Text(_, l, ..)
            | Field::Date(_, l, ..)
            | Field::Radios(_, l, ..)
            | Field::Select(_, l, ..)
            | Field::Checkbox(_, l, _) => Some(l),
            Field::TextArea(_, l, ..) | Field::File(_, l, _) => Some(l),
            Field::Hidden(..) | Field::Paragraph(_) | Field::Section(_) | Field::Adults(_) => None,
        }
    }
}

pub struct SearchBox {
    pub action: String,
    pub label: &'static str,
    pub q: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "people/simple_form.html")]
pub struct SimpleForm {
    pub layout: Layout,
    pub back: String,
    pub caption: String,
    pub heading: String,
    pub action: String,
    pub submit: &'static str,
    pub errors: Vec<FieldError>,
    pub fields: Vec<Field>,
    pub search: Option<SearchBox>,
    pub show_form: bool,
    /// A success banner above the heading, after a save that comes back to the same form.
    pub notice: Option<String>,
}

impl SimpleForm {
    /// The errors, listed in the summary in the order their fields appear on the page (GOV.UK
    /// error summary guidance); errors about no field on the page come last.
    pub fn with_errors(mut self, mut errors: Vec<FieldError>) -> Self {
        let position = |name: &str| self.fields.iter().position(|f| f.name() == Some(name)).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| position(&e.field));
        self.layout.has_errors = !errors.is_empty();
        self.errors = errors;
        self
    }

    /// A form with a file in it posts as multipart (its action carries the CSRF token).
    pub fn multipart(&self) -> bool {
        self.fields.iter().any(|f| matches!(f, Field::File(..)))
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

/// One bar of a server-drawn chart (see the `bar_chart` macro).
pub struct Bar {
    pub label: String,
    pub value: String,
    pub y: i64,
    pub width: i64,
    pub over: bool,
}

pub struct Chart {
    pub bars: Vec<Bar>,
    pub height: i64,
    /// A dashed line (a cap or target) at this x, if any.
    pub marker_x: Option<i64>,
}

/// A horizontal bar chart of (label, value, highlighted) rows, scaled to the largest value or
/// the marker, whichever is larger. Bars start at x = 240 and are at most 340 wide.
pub fn chart(rows: &[(String, f64, bool)], marker: Option<f64>) -> Chart {
    let max = rows.iter().map(|r| r.1).fold(marker.unwrap_or(0.0), f64::max).max(1.0);
    let scale = |v: f64| (v.max(0.0) * 340.0 / max).round() as i64;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value, over))| Bar {
            label: label.clone(),
            value: if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") },
            y: i as i64 * 28,
            width: scale(*value),
            over: *over,
        })
        .collect::<Vec<_>>();
    Chart { height: bars.len() as i64 * 28 + 10, bars, marker_x: marker.map(|m| 240 + scale(m)) }
}

impl Chart {
    /// The same bars with their values written another way (money as £1,234.56).
    pub fn with_values(mut self, values: &[String]) -> Self {
        for (bar, v) in self.bars.iter_mut().zip(values) {
            bar.value = v.clone();
        }
        self
    }
}

/// What was typed in a field when a form comes back with errors (empty on a new form).
pub(crate) fn get(f: Option<&crate::forms::FormData>, k: &str) -> String {
    f.map(|f| f.get(k).to_owned()).unwrap_or_default()
}

/// A yes/no question as radios.
pub(crate) fn yes_no(name: &'static str, legend: &'static str, f: Option<&crate::forms::FormData>) -> Field {
    Field::Radios(name, legend, vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())], get(f, name))
}

/// A form page of plain fields under the menu item `nav`: 200 when fresh, 422 with the errors (in
/// the order of their fields) and what was typed when the service refused it.
pub(crate) async fn form_response(
    state: &crate::AppState,
    user: &crate::auth::PageUser,
    nav: &str,
    (caption, back): (String, String),
    (heading, action): (&str, String),
    fields: Vec<Field>,
    errors: Vec<FieldError>,
) -> axum::response::Response {
    let layout = Layout::for_user(state, user, heading, nav).await;
    form_page(layout, (caption, back), (heading, action, "Save"), fields, errors)
}

/// A form page of plain fields inside `layout`: 200 when fresh, 422 with the errors (in the order
/// of their fields) and what was typed when the service refused it.
pub(crate) fn form_page(
    layout: Layout,
    (caption, back): (String, String),
    (heading, action, submit): (&str, String, &'static str),
    fields: Vec<Field>,
    errors: Vec<FieldError>,
) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = SimpleForm {
        layout,
        back,
        caption,
        heading: heading.to_owned(),
        action,
        submit,
        errors: vec![],
        fields,
        search: None,
        show_form: true,
        notice: None,
    }
    .with_errors(errors);
    render(status, &page)
}

pub fn options<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str, label: impl Fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|x| (code(*x).to_owned(), label(*x).to_owned())).collect()
}

/// An amount in pence, however a template holds it (a field, or a loop variable's reference).
pub trait Pence {
    fn pence(&self) -> i64;
}

impl Pence for i64 {
    fn pence(&self) -> i64 {
        *self
    }
}

impl Pence for i32 {
    fn pence(&self) -> i64 {
        i64::from(*self)
    }
}

impl<T: Pence + ?Sized> Pence for &T {
    fn pence(&self) -> i64 {
        (**self).pence()
    }
}

/// Money as people read it: `£1,234.56`.
pub fn pounds(p: impl Pence) -> String {
    ff_domain::support_packages::pounds(p.pence())
}

/// A whole number with thousands separators: `64,000`.
pub fn thousands(n: &u32) -> String {
    ff_service::insight::grouped(f64::from(*n))
}
