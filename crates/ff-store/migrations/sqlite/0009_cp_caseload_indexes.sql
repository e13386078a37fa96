-- The LCPP caseload counts a child from the s.47 enquiry until the child protection work ends,
-- including the time between an enquiry's conclusion (conference needed) and the initial
-- conference. These indexes keep that count and the episode closure check indexed.
CREATE INDEX s47_conference_needed_lead ON s47_enquiries (la_code, lead_id) WHERE conference_required;
CREATE INDEX conferences_s47 ON conferences (la_code, s47_id);
