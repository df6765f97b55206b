-- The arc of shared/spec/story-2019.md after the organisations and leadership: the merger
-- programme, a governing-body meeting in common, the LMC votes and caveats, the public
-- consultation, the money, the September 2019 member votes and the programme abandoned.
-- Facts only from the story; whatever the story does not give says "illustrative" in its own
-- text. Runs once: nothing happens when the programme is already there.
DO $seed$
DECLARE
  ccgs uuid[] := ARRAY(SELECT id FROM organisations WHERE type = 'ccg' AND name IN (
    'NHS Stoke-on-Trent CCG', 'NHS North Staffordshire CCG', 'NHS East Staffordshire CCG',
    'NHS Stafford and Surrounds CCG', 'NHS Cannock Chase CCG',
    'NHS South East Staffordshire and Seisdon Peninsula CCG') ORDER BY name);
  north uuid[] := ARRAY(SELECT id FROM organisations WHERE name IN ('NHS Stoke-on-Trent CCG',
    'NHS North Staffordshire CCG') ORDER BY name);
  lmc uuid := (SELECT id FROM organisations WHERE name = 'North Staffordshire LMC');
  sco uuid := (SELECT id FROM organisations WHERE name =
    'Staffordshire and Stoke-on-Trent Strategic Commissioning Organisation');
  officer uuid := (SELECT id FROM people WHERE full_name LIKE 'Illustrative Accountable Officer%');
  chambers uuid := (SELECT id FROM people WHERE full_name = 'Ruth Chambers');
  programme uuid;
  m uuid[] := '{}';
  meeting uuid;
  item uuid;
  no_confidence uuid;
  ballot uuid;
  consultation uuid;
  ccg uuid;
  ccg_name text;
  ref_number int;
BEGIN
  IF EXISTS (SELECT 1 FROM programmes WHERE name = 'Single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent') THEN
    RETURN;
  END IF;

  -- The programme, abandoned after the September 2019 member votes.
  INSERT INTO programmes (name, description, target_date, starts_on, status, closed_on, organisation_ids, successor_id)
  VALUES ('Single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent',
          'The six CCGs toward one commissioning organisation, responsible from 1 April 2020. Stated aim: a single '
          'commissioning structure will reduce running costs and minimise duplication of commissioning work programmes. '
          'Abandoned after the GP members of five of the six CCGs voted against in September 2019; the starting day '
          '(1 December 2018, the month of the application) and the closing day (30 September 2019) are illustrative.',
          '2020-04-01', '2018-12-01', 'abandoned', '2019-09-30', ccgs, sco)
  RETURNING id INTO programme;

  -- Milestones from the December 2018 application to the April 2020 target. Days the story
  -- does not give are illustrative, and say so.
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete)
  VALUES (programme, 'M01', 'Application to NHS England to develop and operate as a single organisation',
          'December 2018 (the day, 31 December, is illustrative).', 'governance', 'Accountable officer',
          '2018-12-31', '2018-12-31', '2018-12-31', 'complete', 100)
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'M02', 'Six governing bodies consulted',
          'Before June 2019 (the day, 31 May, is illustrative).', 'governance', 'Accountable officer',
          '2019-05-31', '2019-05-31', '2019-05-31', 'complete', 100, ARRAY[m[1]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'M03', 'More than 150 GP surgeries consulted',
          'Before June 2019 (the day, 31 May, is illustrative).', 'clinical', 'Clinical chairs',
          '2019-05-31', '2019-05-31', '2019-05-31', 'complete', 100, ARRAY[m[1]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'M04', 'Public consultation announced and document published',
          '13 June 2019: consultation on creating a single SCO; document published as a PDF of 192 KB.',
          'engagement', 'Communications and engagement', '2019-06-13', '2019-06-13', '2019-06-13', 'complete', 100,
          ARRAY[m[2], m[3]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'M05', 'Public consultation closes',
          'The consultation ran May to July 2019 (the closing day, 31 July, is illustrative).', 'engagement',
          'Communications and engagement', '2019-07-31', '2019-07-31', '2019-07-31', 'complete', 100, ARRAY[m[4]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          actual_date, status, percent_complete, depends_on)
  VALUES (programme, 'M06', 'GP member practices of each CCG vote on the merger',
          'September 2019; the count was verified by the LMC (Express & Star, 21 Sep 2019). The baseline day is illustrative.',
          'governance', 'Accountable officer', '2019-09-20', '2019-09-20', '2019-09-20', 'complete', 100, ARRAY[m[5]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'M07', 'Merger application to NHS England',
          'NHS England''s 2019 round wanted merger applications by 30 September for a merger the next 1 April. '
          'The application was dropped.', 'legal', 'Accountable officer', '2019-09-30', '2019-09-30', 'cancelled', 0,
          ARRAY[m[6]])
  RETURNING id INTO item;
  m := m || item;
  INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                          status, percent_complete, depends_on)
  VALUES (programme, 'M08', 'Single organisation responsible for all of Staffordshire and Stoke-on-Trent',
          'The target: 1 April 2020. Not reached: the programme was abandoned.', 'governance', 'Accountable officer',
          '2020-04-01', '2020-04-01', 'cancelled', 0, ARRAY[m[7]])
  RETURNING id INTO item;
  m := m || item;

  -- The money GPs feared a joint accountable officer would combine.
  INSERT INTO financial_positions (programme_id, label, cumulative_position_pence, source)
  VALUES (programme, 'southern CCGs combined', -15000000000, 'Debt of the southern Staffordshire CCGs as reported, 2019'),
         (programme, 'northern CCGs combined', -1000000000, 'Deficit of the CCGs in the north as reported, 2019');

  INSERT INTO risks (programme_id, kind, title, description, likelihood, impact, owner, status, milestone_ids,
                     raised_on)
  VALUES (programme, 'risk', 'GP members vote against the merger',
          'Illustrative RAID entry: scores, owner and date raised are illustrative.', 4, 5, 'Accountable officer',
          'open', ARRAY[m[6]], DATE '2019-01-15'),
         (programme, 'issue', 'Combining the southern debt with the northern deficit',
          'Illustrative RAID entry on the fear GPs voiced; scores and date raised are illustrative.', 3, 4,
          'Chief finance officer', 'open', ARRAY[m[7]], DATE '2019-05-21');

  -- A governing-body meeting in common: the six bodies decide, each for itself.
  INSERT INTO meetings (title, kind, organisation_ids, starts_at, ends_at, location, status, quorum)
  VALUES ('Governing bodies of the six CCGs meeting in common (illustrative date and place)',
          'governing_body_in_common', ccgs, '2019-06-11 10:00+01', '2019-06-11 13:00+01',
          'Illustrative venue, Stafford', 'held', 1)
  RETURNING id INTO meeting;
  INSERT INTO agenda_items (meeting_id, number, title, purpose)
  VALUES (meeting, '4', 'Public consultation on a single Strategic Commissioning Organisation', 'decision')
  RETURNING id INTO item;
  INSERT INTO attendance (meeting_id, person_id, organisation_id, status, voting)
  SELECT meeting, officer, unnest(ccgs), 'present', true;
  INSERT INTO attendance (meeting_id, person_id, organisation_id, status, voting)
  SELECT meeting, chambers, unnest(north), 'present', true;
  INSERT INTO decision_reference_counters (year, last) VALUES (2019, 1)
  ON CONFLICT (year) DO UPDATE SET last = decision_reference_counters.last + 1, updated_at = now()
  RETURNING last INTO ref_number;
  INSERT INTO decisions (reference, title, summary, meeting_id, agenda_item_id, decided_on, status, outcomes,
                         organisation_ids, overall, ratified_at)
  SELECT 'DEC-2019-' || lpad(ref_number::text, 4, '0'),
         'Consult the public on creating a single Strategic Commissioning Organisation',
         'Illustrative record: the story gives the announcement of 13 June 2019, not the minutes.',
         meeting, item, '2019-06-11', 'ratified',
         (SELECT jsonb_agg(jsonb_build_object('organisation_id', o, 'outcome', 'approved', 'votes_for', NULL,
                                              'votes_against', NULL, 'votes_abstained', NULL) ORDER BY o)
          FROM unnest(ccgs) AS o),
         ccgs, 'approved_in_common', '2019-06-11 13:00+01';

  -- North Staffordshire LMC's vote of no confidence, and the ballot it prompted.
  INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, opened_on, closed_on, status, threshold,
                     votes_for, eligible, declared_outcome, outcome)
  VALUES (lmc, 'No confidence in NHS Stoke-on-Trent CCG and NHS North Staffordshire CCG over the decision to share '
               'an accountable officer (23 of 42 practices voted for it, Pulse; the dates are illustrative)',
          'no_confidence', north, '2019-04-15', '2019-04-30', 'closed', 'simple_majority', 23, 42, 'carried', 'carried')
  RETURNING id INTO no_confidence;
  INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, prompted_by_id, opened_on, status, threshold)
  VALUES (lmc, 'Ballot on the shared accountable officer, with caveats added after the vote of no confidence '
               '(the opening date is illustrative; the result is not in the sources)',
          'endorsement', north, no_confidence, '2019-05-01', 'open', 'simple_majority')
  RETURNING id INTO ballot;
  INSERT INTO caveats (vote_id, text, added_on, status)
  VALUES (ballot, 'How the single committee would be appointed', '2019-05-01', 'attached'),
         (ballot, 'Protection of each CCG''s budget', '2019-05-01', 'attached'),
         (ballot, 'Continued support for the northern Staffordshire multispecialty community provider', '2019-05-01',
          'attached'),
         (ballot, 'Continuing and robust locality arrangements with locally sensitive commissioning decision making',
          '2019-05-01', 'attached');
  INSERT INTO vote_positions (vote_id, organisation_id, position, stated_on, note)
  VALUES (ballot, lmc, 'support', '2019-05-15', 'The LMC supported the ballot once the caveats were added (the date is illustrative).');

  -- September 2019: each CCG's GP members vote on the merger; tallies unknown.
  FOREACH ccg IN ARRAY ccgs LOOP
    SELECT name INTO ccg_name FROM organisations WHERE id = ccg;
    INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, opened_on, closed_on, status, threshold,
                       declared_outcome, outcome)
    VALUES (ccg, 'GP members of ' || ccg_name || ' on merging the six CCGs into one organisation (the count was '
                 'verified by the LMC; tallies and exact dates are not in the sources, the dates are illustrative)',
            'approval', ccgs, '2019-09-02', '2019-09-20', 'closed', 'simple_majority',
            CASE WHEN ccg_name = 'NHS Stafford and Surrounds CCG' THEN 'carried' ELSE 'defeated' END,
            CASE WHEN ccg_name = 'NHS Stafford and Surrounds CCG' THEN 'carried' ELSE 'defeated' END);
  END LOOP;

  -- The public consultation and the Tamworth meeting.
  INSERT INTO consultations (programme_id, title, summary, opens_on, closes_on, document_title, document_url,
                             document_size_bytes, document_media_type)
  VALUES (programme, 'Creating a single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent',
          'Do you support the proposal to create an SCO, or prefer to keep the current system? Plus feedback on how '
          'the CCGs operate now and how commissioning should work in future. Announced 13 June 2019; the consultation '
          'ran May to July 2019 (the closing day, 31 July, is illustrative).',
          '2019-06-13', '2019-07-31', 'Consultation document (PDF, 192 KB; the address is illustrative)',
          'https://example.org/illustrative/sco-consultation.pdf', 196608, 'application/pdf')
  RETURNING id INTO consultation;
  INSERT INTO consultation_events (consultation_id, title, area, venue, address, starts_at, ends_at, doors_open_at,
                                   capacity, booking_required, status)
  VALUES (consultation, 'Public meeting for the South East Staffordshire area (capacity illustrative)',
          'South East Staffordshire', 'Tamworth Community Fire Station', 'Marlborough Way, Tamworth',
          '2019-06-20 15:30+01', '2019-06-20 16:30+01', '2019-06-20 15:00+01', 60, true, 'held');
  INSERT INTO consultation_responses (consultation_id, position, respondent_type, channel, comments_on_proposal,
                                      comments_on_current_operation, comments_on_future_commissioning,
                                      consent_to_publish, received_on)
  VALUES (consultation, 'support_single_organisation', 'patient', 'online',
          'Illustrative comment: one organisation should cost less to run and stop the same work being done six times.',
          NULL, NULL, true, '2019-06-14'),
         (consultation, 'keep_current_system', 'public', 'online',
          'Illustrative comment: a single body for 1.1 million people will not know my area. Decisions should stay local.',
          NULL, NULL, true, '2019-06-18'),
         (consultation, 'keep_current_system', 'gp_practice', 'public_meeting', NULL,
          'Illustrative comment: the CCGs already share a leadership team and meet in common; fix the money first.',
          'Illustrative comment: keep locality arrangements with locally sensitive commissioning decisions.', true,
          '2019-06-20'),
         (consultation, 'no_view', 'voluntary_group', 'email', NULL, NULL,
          'Illustrative response, not for publication.', false, '2019-07-02'),
         (consultation, 'support_single_organisation', 'local_authority', 'letter', NULL, NULL, NULL, false,
          '2019-07-25');
END
$seed$;
