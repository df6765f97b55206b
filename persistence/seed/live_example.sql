-- A live example beside the 2019 story: two integrated care boards merging, in the shape of
-- the 2025-27 mergers. Everything here is illustrative, says so in its own text, and is dated
-- relative to the day it is loaded, so that there is always something in progress: milestones
-- green, amber, red and blocked, an open consultation with a bookable event next month,
-- caveats with due dates (one overdue), a meeting in common today and one next month, risks
-- and money. Runs once: nothing happens when the programme is already there.
DO $seed$
DECLARE
  today date := current_date;
  north uuid;
  south uuid;
  successor uuid;
  lmc uuid;
  bodies uuid[];
  chief uuid;
  chair uuid;
  programme uuid;
  m uuid[] := '{}';
  item uuid;
  vote uuid;
  meeting uuid;
  consultation uuid;
  fy text := CASE WHEN extract(month FROM current_date) >= 4
                  THEN to_char(current_date, 'YYYY') || '/' || to_char(current_date + interval '1 year', 'YY')
                  ELSE to_char(current_date - interval '1 year', 'YYYY') || '/' || to_char(current_date, 'YY') END;
BEGIN
  IF EXISTS (SELECT 1 FROM programmes WHERE name = 'Illustrative merger of NHS Example North and NHS Example South ICBs') THEN
    RETURN;
  END IF;

  INSERT INTO organisations (name, type, sub_region, status, population)
  VALUES ('NHS Example North Integrated Care Board (illustrative)', 'integrated_care_board', 'north', 'merging', 1200000),
         ('NHS Example South Integrated Care Board (illustrative)', 'integrated_care_board', 'south', 'merging', 900000),
         ('NHS Example Integrated Care Board (illustrative successor)', 'integrated_care_board', NULL, 'planned', 2100000),
         ('Example Local Medical Committee (illustrative)', 'lmc', NULL, 'active', NULL)
  ON CONFLICT ((lower(name))) DO NOTHING;
  north := (SELECT id FROM organisations WHERE name = 'NHS Example North Integrated Care Board (illustrative)');
  south := (SELECT id FROM organisations WHERE name = 'NHS Example South Integrated Care Board (illustrative)');
  successor := (SELECT id FROM organisations WHERE name = 'NHS Example Integrated Care Board (illustrative successor)');
  lmc := (SELECT id FROM organisations WHERE name = 'Example Local Medical Committee (illustrative)');
  bodies := ARRAY(SELECT unnest(ARRAY[north, south]) ORDER BY 1);  -- id order, as the API keeps them

  -- One chief executive for both boards (the accountable officer) and a joint chair.
  INSERT INTO people (full_name) VALUES ('Illustrative Joint Chief Executive') RETURNING id INTO chief;
  INSERT INTO people (title, full_name) VALUES ('Dr', 'Illustrative Joint Chair') RETURNING id INTO chair;
  INSERT INTO appointments (person_id, role, organisation_ids, starts_on)
  VALUES (chief, 'accountable_officer', bodies, today - 180), (chair, 'chair', bodies, today - 180);

  INSERT INTO programmes (name, description, target_date, starts_on, status, organisation_ids, successor_id)
  VALUES ('Illustrative merger of NHS Example North and NHS Example South ICBs',
          'An illustrative example, not a real merger: two integrated care boards becoming one, in the shape of the '
          '2025-27 ICB mergers. Every date is relative to the day this example was loaded.',
          today + 240, today - 150, 'active', bodies, successor)
  RETURNING id INTO programme;

  -- L01-L02 done; L03 green; L04 amber (slipped); L05 red (past its forecast); L06 blocked;
  -- L07-L08 ahead.
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete)
  VALUES (programme, 'L01', 'Case for change agreed by both boards', 'Illustrative.', 'governance', 'Joint chief executive',
          today - 120, today - 120, today - 120, 'complete', 100)
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'L02', 'NHS England supports the merger in principle', 'Illustrative; five days late.', 'governance',
          'Joint chief executive', today - 60, today - 55, today - 55, 'complete', 100, ARRAY[m[1]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L03', 'Public consultation on the merger closes', 'Illustrative; on track.', 'engagement',
          'Director of communications', today + 35, today + 35, 'in_progress', 40, ARRAY[m[2]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L04', 'Joint executive team appointed', 'Illustrative; slipped three weeks.', 'workforce',
          'Director of people', today + 14, today + 35, 'in_progress', 60, ARRAY[m[2]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L05', 'Financial due diligence report signed off', 'Illustrative; past its forecast.', 'finance',
          'Chief finance officer', today - 10, today - 3, 'in_progress', 90, ARRAY[m[2]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L06', 'Staff consultation on the transfer (TUPE)', 'Illustrative; blocked until the executive team is in post.',
          'workforce', 'Director of people', today + 60, today + 75, 'blocked', 10, ARRAY[m[4]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L07', 'Both boards approve the merger application', 'Illustrative.', 'legal', 'Board secretary',
          today + 120, today + 120, 'not_started', 0, ARRAY[m[3], m[5]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'L08', 'NHS Example Integrated Care Board established', 'Illustrative; the target date.', 'governance',
          'Joint chief executive', today + 240, today + 240, 'not_started', 0, ARRAY[m[6], m[7]])
  RETURNING id INTO item;
  m := m || item;

  INSERT INTO risks (programme_id, kind, title, description, likelihood, impact, owner, status, milestone_ids, review_on,
                     raised_on)
  VALUES (programme, 'risk', 'Key staff leave during the transfer', 'Illustrative RAID entry.', 4, 4, 'Director of people',
          'mitigating', ARRAY[m[6]], today + 14, today - 60),
         (programme, 'issue', 'Running-cost reduction target not yet met', 'Illustrative RAID entry.', 5, 3,
          'Chief finance officer', 'open', ARRAY[m[5]], today + 7, today - 21),
         (programme, 'dependency', 'Legislative order for the new board', 'Illustrative RAID entry.', 2, 5,
          'Board secretary', 'open', ARRAY[m[8]], today + 30, today - 90);

  INSERT INTO financial_positions (programme_id, label, in_year_surplus_pence, cumulative_position_pence, source)
  VALUES (programme, 'both ICBs combined', -4200000000, -9800000000, 'Illustrative figures'),
         (programme, 'running-cost savings target', 1900000000, NULL, 'Illustrative figures');
  INSERT INTO financial_positions (organisation_id, financial_year, in_year_surplus_pence, cumulative_position_pence, source)
  VALUES (north, fy, -3000000000, -6500000000, 'Illustrative figures'),
         (south, fy, -1200000000, -3300000000, 'Illustrative figures');

  -- The LMC supported the merger with caveats: one overdue, one due soon, one later.
  INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, opened_on, closed_on, status, threshold,
                     votes_for, votes_against, votes_abstained, eligible, outcome)
  VALUES (lmc, 'Support the merger of the two ICBs, with caveats (illustrative)', 'endorsement', bodies, today - 50,
          today - 40, 'closed', 'simple_majority', 31, 9, 2, 50, 'carried')
  RETURNING id INTO vote;
  INSERT INTO caveats (vote_id, text, added_on, status, owner_organisation_id, due_on, evidence)
  VALUES (vote, 'Primary care budget ring-fenced for the first three years (illustrative)', today - 40, 'accepted', north,
          today - 7, NULL),
         (vote, 'Locality commissioning kept in each place (illustrative)', today - 40, 'accepted', south, today + 90, NULL);
  INSERT INTO caveats (vote_id, text, added_on, status, owner_organisation_id, due_on, milestone_ids)
  VALUES (vote, 'GP representation on the new board (illustrative)', today - 40, 'attached', north, today + 45, ARRAY[m[4]]);
  INSERT INTO vote_positions (vote_id, organisation_id, position, stated_on, note)
  VALUES (vote, north, 'support', today - 38, 'Illustrative.'), (vote, south, 'support', today - 38, 'Illustrative.');

  -- The boards meet in common today, and again next month.
  INSERT INTO meetings (title, kind, organisation_ids, starts_at, ends_at, location, status, quorum)
  VALUES ('Boards of the two ICBs meeting in common (illustrative)', 'governing_body_in_common', bodies,
          today + time '10:00', today + time '12:00', 'Illustrative venue', 'scheduled', 1)
  RETURNING id INTO meeting;
  INSERT INTO agenda_items (meeting_id, number, title, purpose)
  VALUES (meeting, '1', 'Apologies and declarations of interest', 'information'),
         (meeting, '2', 'Approve the joint executive team structure', 'decision'),
         (meeting, '3', 'Merger programme highlight report', 'discussion');
  INSERT INTO meetings (title, kind, organisation_ids, starts_at, ends_at, location, status, quorum)
  VALUES ('Boards of the two ICBs meeting in common, next month (illustrative)', 'governing_body_in_common', bodies,
          today + 28 + time '10:00', today + 28 + time '12:00', 'Illustrative venue', 'scheduled', 1)
  RETURNING id INTO meeting;
  INSERT INTO agenda_items (meeting_id, number, title, purpose)
  VALUES (meeting, '1', 'Apologies and declarations of interest', 'information'),
         (meeting, '2', 'Consultation feedback', 'discussion'),
         (meeting, '3', 'Approve the merger application', 'decision');

  -- The public consultation, open now, with a bookable event next month.
  INSERT INTO consultations (programme_id, title, summary, opens_on, closes_on, document_title, document_url,
                             document_size_bytes, document_media_type)
  VALUES (programme, 'Bringing NHS Example North and NHS Example South together (illustrative)',
          'Illustrative consultation: should the two integrated care boards become one?', today - 10, today + 35,
          'Consultation document (illustrative)', 'https://example.org/illustrative/icb-merger.pdf', 524288,
          'application/pdf')
  RETURNING id INTO consultation;
  INSERT INTO consultation_events (consultation_id, title, area, venue, address, starts_at, ends_at, doors_open_at,
                                   capacity, booking_required, status)
  VALUES (consultation, 'Public meeting on the merger (illustrative)', 'North', 'Illustrative community hall',
          'Illustrative address', ((today + 30) + time '18:00') AT TIME ZONE 'Europe/London',
          ((today + 30) + time '20:00') AT TIME ZONE 'Europe/London',
          ((today + 30) + time '17:30') AT TIME ZONE 'Europe/London', 80, true, 'scheduled');
  INSERT INTO consultation_responses (consultation_id, position, respondent_type, channel, comments_on_proposal,
                                      consent_to_publish, received_on)
  VALUES (consultation, 'support_single_organisation', 'patient', 'online',
          'Illustrative comment: one board should mean one set of waiting-list rules.', true, today - 8),
         (consultation, 'keep_current_system', 'public', 'online',
          'Illustrative comment: the south will be outvoted by the north.', true, today - 5),
         (consultation, 'no_view', 'community_group', 'email', NULL, false, today - 2);
END
$seed$;
