//! The demo provider register: a synthetic list in the shape of Ofsted's
//! published provider data (the columns its files use; every name, URN and judgement invented),
//! loaded by the commissioner through `ff_service::providers` as Ofsted's whole list, so the
//! register holds children's homes, supported accommodation, agencies and a family centre in
//! Northmoor and the councils around it, one of them judged Inadequate, one suspended and one
//! whose registration ended, and the council's own fostering and adoption services. Each has its
//! owner's sector and a postcode in the demo's NM area, so the council's SSDA903 return passes
//! the DfE's checks of its URNs (rules 1008, 219, 221, 224, 227, 228, 229, 241).

use ff_service::{Ctx, ServiceError};
use ff_store::Db;

/// The children's home older demo children move to (judged Good).
pub(super) const BIRCH_HOUSE: &str = "SC512340";

/// The independent fostering agency whose carers look after the demo children placed outside
/// Northmoor (judged Good).
pub(super) const FOSTERING_AGENCY: &str = "SC512360";

/// The council's own fostering service, registered with Ofsted as a local authority fostering
/// agency (903 provider PR1 for the children its carers look after).
pub(crate) const COUNCIL_FOSTERING: &str = "SC512300";

/// The council's own adoption service, registered as a local authority adoption agency.
pub(crate) const COUNCIL_ADOPTION: &str = "SC512301";

/// One row of Ofsted's list: URN, type, name, status, places, area, judgement, inspected, who
/// owns it (sector), the setting's postcode, the day its registration ended.
type Row = [&'static str; 11];

/// Northmoor's providers are in its own postcode districts (NM1 to NM9), the neighbouring
/// councils' in NM10 to NM13 (`crate::postcodes`), so the 903's checks of a URN's postcode and
/// council (rules 221, 229, 241) find them where the demo's children are placed.
const PROVIDERS: &[Row] = &[
    [BIRCH_HOUSE, "Children's home", "Birch House", "Active", "4", "Northmoor", "Good", "14/03/2026", "Private", "NM3 8QD", ""],
    ["SC512341", "Children's home", "Calder View", "Active", "3", "Northmoor", "Outstanding", "02/10/2025", "Voluntary", "NM4 2LP", ""],
    [
        "SC512342",
        "Children's home",
        "Moorside Lodge",
        "Active",
        "5",
        "Northmoor",
        "Requires improvement to be good",
        "19/06/2026",
        "Local Authority",
        "NM6 1BX",
        "",
    ],
    ["SC512343", "Children's home", "The Willows", "Active", "2", "Eastwick", "Good", "11/11/2025", "Private", "NM11 2AB", ""],
    ["SC512344", "Children's home", "Granary Court", "Active", "4", "Eastwick", "Inadequate", "08/09/2026", "Private", "NM11 4DE", ""],
    ["SC512345", "Children's home", "Fernlea", "Suspended", "3", "Hallbridge", "Inadequate", "27/04/2026", "Private", "NM12 3EF", ""],
    ["SC512346", "Children's home", "Riverbank House", "Active", "6", "Hallbridge", "Good", "30/01/2026", "Voluntary", "NM12 5GH", ""],
    ["SC512347", "Children's home", "Thornfield", "Active", "1", "Westmere", "Good", "22/07/2026", "Private", "NM13 1JL", ""],
    ["SC512348", "Children's home", "Linden Cottage", "Active", "2", "Westmere", "", "", "Private", "NM13 6LN", ""],
    ["SC512350", "Children's home", "Old Mill House", "Closed", "3", "Northmoor", "Good", "15/01/2025", "Private", "NM7 2NP", "31/08/2026"],
    [
        "SC512349",
        "Secure children's home",
        "Pennine Secure Children's Home",
        "Active",
        "12",
        "Hallbridge",
        "Good",
        "05/05/2026",
        "Local Authority",
        "NM12 8QR",
        "",
    ],
    ["2612301", "Supported accommodation", "Harbour Rooms", "Active", "", "Northmoor", "Good", "17/02/2026", "Voluntary", "NM2 5RT", ""],
    ["2612302", "Supported accommodation", "Next Step Housing", "Active", "", "Eastwick", "", "", "Private", "NM11 7ST", ""],
    [
        "2612303",
        "Supported accommodation",
        "Millyard Flats",
        "Active",
        "",
        "Northmoor",
        "Requires improvement to be good",
        "09/10/2026",
        "Private",
        "NM5 3HJ",
        "",
    ],
    [
        COUNCIL_FOSTERING,
        "Local authority fostering agency",
        "Northmoor Council Fostering Service",
        "Active",
        "",
        "Northmoor",
        "Good",
        "21/11/2025",
        "Local Authority",
        "NM1 4AB",
        "",
    ],
    [
        COUNCIL_ADOPTION,
        "Local authority adoption agency",
        "Northmoor Council Adoption Service",
        "Active",
        "",
        "Northmoor",
        "Good",
        "21/11/2025",
        "Local Authority",
        "NM1 4AB",
        "",
    ],
    [
        "SC512360",
        "Independent fostering agency",
        "Northern Hearth Fostering",
        "Active",
        "",
        "Northmoor",
        "Good",
        "12/12/2025",
        "Private",
        "NM8 4HW",
        "",
    ],
    [
        "SC512361",
        "Independent fostering agency",
        "Brightways Foster Care",
        "Active",
        "",
        "Hallbridge",
        "Outstanding",
        "03/03/2026",
        "Voluntary",
        "NM12 2UW",
        "",
    ],
    [
        "SC512362",
        "Independent fostering agency",
        "Open Door Families",
        "Active",
        "",
        "Westmere",
        "Requires improvement to be good",
        "14/08/2026",
        "Private",
        "NM13 4WX",
        "",
    ],
    [
        "SC512370",
        "Voluntary adoption agency",
        "Pennine Adoption Partnership",
        "Active",
        "",
        "Northmoor",
        "Good",
        "20/05/2026",
        "Voluntary",
        "NM2 7QA",
        "",
    ],
    [
        "SC512380",
        "Residential family centre",
        "Meadow Family Centre",
        "Active",
        "4",
        "Eastwick",
        "Good",
        "28/02/2026",
        "Voluntary",
        "NM11 9YZ",
        "",
    ],
    [
        "SC512390",
        "Residential special school",
        "Ridgeway School (residential)",
        "Active",
        "24",
        "Westmere",
        "Good",
        "10/06/2026",
        "Voluntary",
        "NM13 3AB",
        "",
    ],
];

/// The list as Ofsted's CSV.
pub fn register_csv() -> String {
    let mut out = String::from(
        "URN,Provider type,Provider name,Registration status,Places,Local authority,\
         Overall experiences and progress of children and young people,Latest full inspection date,Sector,Setting postcode,\
         Deregistration date\n",
    );
    for row in PROVIDERS {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

pub(super) async fn seed_register(db: &Db, commissioner: &Ctx) -> Result<(), ServiceError> {
    ff_service::providers::load(db, commissioner, "ofsted-providers-2026-11.csv", register_csv().as_bytes(), true).await?;
    Ok(())
}
