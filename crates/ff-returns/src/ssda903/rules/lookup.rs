//! Rules that need reference data this module does not hold yet: the
//! national postcode directory (placement LA, in/out of area, distance) and
//! Ofsted's lists of registered providers (URN checks). They are listed so
//! that the report says plainly that they were not checked, and why.

use super::*;

const POSTCODES: &str =
    "derives placement LA, location or distance from postcodes: needs the ONS National Statistics Postcode Directory and LA lookup";
const OFSTED: &str =
    "checks the URN against Ofsted's registered provider lists (children's homes and social care providers), which are not loaded";

info!(R164, "164", [Episodes], "Distance between home and placement is out of range (0 to 999.9 miles)");
info!(R169, "169", [Episodes], "Placement LA cannot be derived: the placement postcode is missing or not a real postcode");
info!(R179, "179", [Episodes], "Placement location (in or out of the LA) cannot be derived from the placement postcode");
info!(R392A, "392a", [Episodes], "Distance between home and placement cannot be derived (postcode missing or not real)");
info!(R392C, "392c", [Episodes], "Home or placement postcode is not a real postcode");
info!(
    R406,
    "406",
    [Episodes],
    "Distance between home and placement is derivable for a child who is or was UASC (postcodes should be blank)"
);
info!(R411, "411", [Episodes], "Placement location is IN but the placement LA is not the returning LA");
info!(R420, "420", [Episodes], "Placement LA is derivable for a short-break (V3/V4) episode");
info!(
    R452,
    "452",
    [Episodes],
    prev[Episodes],
    "Placement LA of the first episode differs from last year's open episode although the placement continues"
);
info!(
    R453,
    "453",
    [Episodes],
    prev[Episodes],
    "Placement distance of the first episode differs from last year's open episode although the placement continues"
);
info!(R503G, "503G", [Episodes], prev[Episodes], "Placement distance differs from last year's open episode");
info!(R503H, "503H", [Episodes], prev[Episodes], "Placement LA differs from last year's open episode");
info!(R503J, "503J", [Episodes], prev[Episodes], "Placement location (in/out of LA) differs from last year's open episode");
info!(R1015, "1015", [Episodes], "Own provision (PR1) but the placement is outside the returning LA");
info!(R218, "218", [Episodes], "URN is missing for a placement in England that must be registered with Ofsted");
info!(R230, "230", [Episodes], "Semi-independent (H5) placement open on or after 29 October 2023 in England has no URN");
info!(R241, "241", [Episodes], "Supported accommodation (K3) is in an LA where the provider has no registered premises");
info!(R243, "243", [Episodes], "URN is given for a placement outside England");
info!(R454, "454", [Episodes], warning, "Placement is more than 350 miles from home: please check");
info!(R1008, "1008", [Episodes], "URN is not a registered Ofsted provider");
info!(R219, "219", [Episodes], "Placement type is not one the provider (URN) is registered for");
info!(R221, "221", [Episodes], "Placement postcode differs from the registered postcode of the provider (URN)");
info!(R224, "224", [Episodes], "Placement provider code is not one the provider (URN) is registered as");
info!(R227, "227", [Episodes], "Placement started after the provider's (URN) registration ended");
info!(R228, "228", [Episodes], "Provider's (URN) registration ended before the placement ended");
info!(R229, "229", [Episodes], "Placement provider (own LA or other LA) does not match the provider's (URN) location");

pub(crate) const RULES: &[Rule] = &[
    Rule::reference(&R164, ALL, POSTCODES),
    Rule::reference(&R169, ALL, POSTCODES),
    Rule::reference(&R179, ALL, POSTCODES),
    Rule::reference(&R218, ALL, POSTCODES),
    Rule::reference(&R230, ONLY_23, POSTCODES),
    Rule::reference(&R243, FROM_25, POSTCODES),
    Rule::reference(&R392A, ALL, POSTCODES),
    Rule::reference(&R392C, ALL, POSTCODES),
    Rule::reference(&R406, ALL, POSTCODES),
    Rule::reference(&R411, ALL, POSTCODES),
    Rule::reference(&R420, ALL, POSTCODES),
    Rule::reference(&R452, ALL, POSTCODES),
    Rule::reference(&R453, ALL, POSTCODES),
    Rule::reference(&R454, FROM_25, POSTCODES),
    Rule::reference(&R503G, ALL, POSTCODES),
    Rule::reference(&R503H, ALL, POSTCODES),
    Rule::reference(&R503J, ALL, POSTCODES),
    Rule::reference(&R1015, ALL, POSTCODES),
    Rule::reference(&R1008, ALL, OFSTED),
    Rule::reference(&R219, ALL, OFSTED),
    Rule::reference(&R221, ALL, OFSTED),
    Rule::reference(&R224, ALL, OFSTED),
    Rule::reference(&R227, ALL, OFSTED),
    Rule::reference(&R228, ALL, OFSTED),
    Rule::reference(&R229, ALL, OFSTED),
    Rule::reference(&R241, FROM_25, OFSTED),
];
