-- The arc of shared/spec/story-2019.md after the organisations and leadership: the merger
-- programme, a governing-body meeting in common, the LMC votes and caveats, the public
-- consultation, the money, the September 2019 member votes and the programme abandoned.
-- Facts only from the story; whatever the story does not give says "illustrative" in its own
-- text. Runs once: nothing happens when the programme is already there.
--
-- Each step is recorded at the instant it happened (0015, 0016: the owner may say when), so
-- that as_recorded, the changes and the highlight report replay what the board knew: the
-- programme live in June 2019, the member votes in September, the programme abandoned. The
-- days come from the story; the times of day, and days it does not give, are illustrative.

-- Moves the story's clock: every write from here on is recorded at `t`.
CREATE OR REPLACE FUNCTION pg_temp.story_at(t timestamptz) RETURNS timestamptz LANGUAGE sql AS $$
  SELECT set_config('incommon.recorded_at', t::text, true)::timestamptz
$$;
-- A milestone's progress as the transformation team would post it: the change and its comment.
CREATE OR REPLACE FUNCTION pg_temp.story_progress(milestone uuid, new_status text, percent int, actual date,
                                                  comment text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v int;
  at timestamptz := current_setting('incommon.recorded_at')::timestamptz;
BEGIN
  PERFORM set_config('incommon.action', 'progress', true);
  UPDATE milestones SET status = new_status, percent_complete = percent, actual_date = actual
  WHERE id = milestone RETURNING version INTO v;
  PERFORM set_config('incommon.action', '', true);
  INSERT INTO milestone_updates (milestone_id, comment, status, percent_complete, actual_date, author,
                                 milestone_version, created_at, updated_at)
  VALUES (milestone, comment, new_status, percent, actual, 'seed staffordshire-2019', v, at, at);
END $$;

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
  at timestamptz;
  programme uuid;
  m uuid[] := '{}';
  meeting uuid;
  item uuid;
  no_confidence uuid;
  ballot uuid;
  consultation uuid;
  tamworth uuid;
  ccg uuid;
  ccg_name text;
  ref_number int;
  r record;
BEGIN
  IF EXISTS (SELECT 1 FROM programmes WHERE name = 'Single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent') THEN
    RETURN;
  END IF;

  -- December 2018: the programme starts (the day is illustrative), with its plan from the
  -- application to the April 2020 target. Days the story does not give are illustrative, and say so.
  at := pg_temp.story_at('2018-12-03 09:00+00');
  INSERT INTO programmes (name, description, target_date, starts_on, status, organisation_ids, successor_id,
                          created_at, updated_at)
  VALUES ('Single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent',
          'The six CCGs toward one commissioning organisation, responsible from 1 April 2020. Stated aim: a single '
          'commissioning structure will reduce running costs and minimise duplication of commissioning work programmes. '
          'Abandoned after the GP members of five of the six CCGs voted against in September 2019; the starting day '
          '(1 December 2018, the month of the application) and the closing day (30 September 2019) are illustrative.',
          '2020-04-01', '2018-12-01', 'active', ccgs, sco, at, at)
  RETURNING id INTO programme;
  FOR r IN SELECT * FROM (VALUES
      (1, 'M01', 'Application to NHS England to develop and operate as a single organisation',
       'December 2018 (the day, 31 December, is illustrative).', 'governance', 'Accountable officer', DATE '2018-12-31', 'in_progress', '{}'::int[]),
      (2, 'M02', 'Six governing bodies consulted',
       'Before June 2019 (the day, 31 May, is illustrative).', 'governance', 'Accountable officer', DATE '2019-05-31', 'not_started', '{1}'),
      (3, 'M03', 'More than 150 GP surgeries consulted',
       'Before June 2019 (the day, 31 May, is illustrative).', 'clinical', 'Clinical chairs', DATE '2019-05-31', 'not_started', '{1}'),
      (4, 'M04', 'Public consultation announced and document published',
       '13 June 2019: consultation on creating a single SCO; document published as a PDF of 192 KB.',
       'engagement', 'Communications and engagement', DATE '2019-06-13', 'not_started', '{2,3}'),
      (5, 'M05', 'Public consultation closes',
       'The consultation ran May to July 2019 (the closing day, 31 July, is illustrative).', 'engagement',
       'Communications and engagement', DATE '2019-07-31', 'not_started', '{4}'),
      (6, 'M06', 'GP member practices of each CCG vote on the merger',
       'September 2019; the count was verified by the LMC (Express & Star, 21 Sep 2019). The baseline day is illustrative.',
       'governance', 'Accountable officer', DATE '2019-09-20', 'not_started', '{5}'),
      (7, 'M07', 'Merger application to NHS England',
       'NHS England''s 2019 round wanted merger applications by 30 September for a merger the next 1 April. '
       'The application was dropped.', 'legal', 'Accountable officer', DATE '2019-09-30', 'not_started', '{6}'),
      (8, 'M08', 'Single organisation responsible for all of Staffordshire and Stoke-on-Trent',
       'The target: 1 April 2020. Not reached: the programme was abandoned.', 'governance', 'Accountable officer',
       DATE '2020-04-01', 'not_started', '{7}')
    ) AS plan(n, key, title, description, workstream, owner, due, status, after) ORDER BY n
  LOOP
    INSERT INTO milestones (programme_id, key, title, description, workstream, owner, baseline_date, forecast_date,
                            status, percent_complete, depends_on, created_at, updated_at)
    VALUES (programme, r.key, r.title, r.description, r.workstream, r.owner, r.due, r.due, r.status,
            CASE WHEN r.status = 'in_progress' THEN 50 ELSE 0 END,
            ARRAY(SELECT m[i] FROM unnest(r.after) AS i), at, at)
    RETURNING id INTO item;
    m := m || item;
  END LOOP;

  -- The money GPs feared a joint accountable officer would combine.
  INSERT INTO financial_positions (programme_id, label, cumulative_position_pence, source, created_at, updated_at)
  VALUES (programme, 'southern CCGs combined', -15000000000, 'Debt of the southern Staffordshire CCGs as reported, 2019', at, at),
         (programme, 'northern CCGs combined', -1000000000, 'Deficit of the CCGs in the north as reported, 2019', at, at);

  at := pg_temp.story_at('2018-12-31 17:00+00');
  PERFORM pg_temp.story_progress(m[1], 'complete', 100, '2018-12-31',
    'The CCGs applied to NHS England confirming their intention to develop and operate as a single organisation.');

  at := pg_temp.story_at('2019-01-15 10:00+00');
  INSERT INTO risks (programme_id, kind, title, description, likelihood, impact, owner, status, milestone_ids,
                     raised_on, created_at, updated_at)
  VALUES (programme, 'risk', 'GP members vote against the merger',
          'Illustrative RAID entry: scores, owner and date raised are illustrative.', 4, 5, 'Accountable officer',
          'open', ARRAY[m[6]], DATE '2019-01-15', at, at);

  -- April 2019: North Staffordshire LMC's vote of no confidence (dates illustrative).
  at := pg_temp.story_at('2019-04-15 09:00+01');
  INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, opened_on, status, threshold, eligible,
                     created_at, updated_at)
  VALUES (lmc, 'No confidence in NHS Stoke-on-Trent CCG and NHS North Staffordshire CCG over the decision to share '
               'an accountable officer (23 of 42 practices voted for it, Pulse; the dates are illustrative)',
          'no_confidence', north, '2019-04-15', 'open', 'simple_majority', 42, at, at)
  RETURNING id INTO no_confidence;
  at := pg_temp.story_at('2019-04-30 17:00+01');
  PERFORM set_config('incommon.action', 'close', true);
  UPDATE votes SET closed_on = '2019-04-30', status = 'closed', votes_for = 23, declared_outcome = 'carried',
                   outcome = 'carried'
  WHERE id = no_confidence;
  PERFORM set_config('incommon.action', '', true);

  -- May 2019: the ballot it prompted, with its caveats; the governing bodies and surgeries consulted.
  at := pg_temp.story_at('2019-05-01 09:00+01');
  INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, prompted_by_id, opened_on, status, threshold,
                     created_at, updated_at)
  VALUES (lmc, 'Ballot on the shared accountable officer, with caveats added after the vote of no confidence '
               '(the opening date is illustrative; the result is not in the sources)',
          'endorsement', north, no_confidence, '2019-05-01', 'open', 'simple_majority', at, at)
  RETURNING id INTO ballot;
  INSERT INTO caveats (vote_id, text, added_on, status, created_at, updated_at)
  VALUES (ballot, 'How the single committee would be appointed', '2019-05-01', 'attached', at, at),
         (ballot, 'Protection of each CCG''s budget', '2019-05-01', 'attached', at, at),
         (ballot, 'Continued support for the northern Staffordshire multispecialty community provider', '2019-05-01',
          'attached', at, at),
         (ballot, 'Continuing and robust locality arrangements with locally sensitive commissioning decision making',
          '2019-05-01', 'attached', at, at);
  PERFORM pg_temp.story_progress(m[2], 'in_progress', 50, NULL, 'Consultation with the six governing bodies under way.');
  PERFORM pg_temp.story_progress(m[3], 'in_progress', 50, NULL, 'Consultation with the GP surgeries under way.');
  at := pg_temp.story_at('2019-05-15 12:00+01');
  INSERT INTO vote_positions (vote_id, organisation_id, position, stated_on, note, created_at, updated_at)
  VALUES (ballot, lmc, 'support', '2019-05-15',
          'The LMC supported the ballot once the caveats were added (the date is illustrative).', at, at);
  at := pg_temp.story_at('2019-05-21 10:00+01');
  INSERT INTO risks (programme_id, kind, title, description, likelihood, impact, owner, status, milestone_ids,
                     raised_on, created_at, updated_at)
  VALUES (programme, 'issue', 'Combining the southern debt with the northern deficit',
          'Illustrative RAID entry on the fear GPs voiced; scores and date raised are illustrative.', 3, 4,
          'Chief finance officer', 'open', ARRAY[m[7]], DATE '2019-05-21', at, at);
  at := pg_temp.story_at('2019-05-31 17:00+01');
  PERFORM pg_temp.story_progress(m[2], 'complete', 100, '2019-05-31', 'The six governing bodies have been consulted.');
  PERFORM pg_temp.story_progress(m[3], 'complete', 100, '2019-05-31', 'More than 150 GP surgeries have been consulted.');

  -- June 2019: the governing bodies meet in common and decide to consult the public.
  at := pg_temp.story_at('2019-06-11 13:00+01');
  INSERT INTO meetings (title, kind, organisation_ids, starts_at, ends_at, location, status, quorum, created_at, updated_at)
  VALUES ('Governing bodies of the six CCGs meeting in common (illustrative date and place)',
          'governing_body_in_common', ccgs, '2019-06-11 10:00+01', '2019-06-11 13:00+01',
          'Illustrative venue, Stafford', 'held', 1, at, at)
  RETURNING id INTO meeting;
  INSERT INTO agenda_items (meeting_id, number, title, purpose, created_at, updated_at)
  VALUES (meeting, '4', 'Public consultation on a single Strategic Commissioning Organisation', 'decision', at, at)
  RETURNING id INTO item;
  INSERT INTO attendance (meeting_id, person_id, organisation_id, status, voting, created_at, updated_at)
  SELECT meeting, officer, unnest(ccgs), 'present', true, at, at;
  INSERT INTO attendance (meeting_id, person_id, organisation_id, status, voting, created_at, updated_at)
  SELECT meeting, chambers, unnest(north), 'present', true, at, at;
  INSERT INTO decision_reference_counters (year, last) VALUES (2019, 1)
  ON CONFLICT (year) DO UPDATE SET last = decision_reference_counters.last + 1, updated_at = now()
  RETURNING last INTO ref_number;
  INSERT INTO decisions (reference, title, summary, meeting_id, agenda_item_id, decided_on, status, outcomes,
                         organisation_ids, overall, ratified_at, created_at, updated_at)
  SELECT 'DEC-2019-' || lpad(ref_number::text, 4, '0'),
         'Consult the public on creating a single Strategic Commissioning Organisation',
         'Illustrative record: the story gives the announcement of 13 June 2019, not the minutes.',
         meeting, item, '2019-06-11', 'ratified',
         (SELECT jsonb_agg(jsonb_build_object('organisation_id', o, 'outcome', 'approved', 'votes_for', NULL,
                                              'votes_against', NULL, 'votes_abstained', NULL) ORDER BY o)
          FROM unnest(ccgs) AS o),
         ccgs, 'approved_in_common', '2019-06-11 13:00+01', at, at;

  -- 13 June 2019: the public consultation announced, and the Tamworth meeting.
  at := pg_temp.story_at('2019-06-13 09:00+01');
  PERFORM pg_temp.story_progress(m[4], 'complete', 100, '2019-06-13',
    'Public consultation announced on creating a single Strategic Commissioning Organisation; consultation document published (PDF, 192 KB).');
  PERFORM pg_temp.story_progress(m[5], 'in_progress', 30, NULL, 'The public consultation is open.');
  INSERT INTO consultations (programme_id, title, summary, opens_on, closes_on, document_title, document_url,
                             document_size_bytes, document_media_type, created_at, updated_at)
  VALUES (programme, 'Creating a single Strategic Commissioning Organisation for Staffordshire and Stoke-on-Trent',
          'Do you support the proposal to create an SCO, or prefer to keep the current system? Plus feedback on how '
          'the CCGs operate now and how commissioning should work in future. Announced 13 June 2019; the consultation '
          'ran May to July 2019 (the closing day, 31 July, is illustrative).',
          '2019-06-13', '2019-07-31', 'Consultation document (PDF, 192 KB; the address is illustrative)',
          'https://example.org/illustrative/sco-consultation.pdf', 196608, 'application/pdf', at, at)
  RETURNING id INTO consultation;
  INSERT INTO consultation_events (consultation_id, title, area, venue, address, starts_at, ends_at, doors_open_at,
                                   capacity, booking_required, status, created_at, updated_at)
  VALUES (consultation, 'Public meeting for the South East Staffordshire area (capacity illustrative)',
          'South East Staffordshire', 'Tamworth Community Fire Station', 'Marlborough Way, Tamworth',
          '2019-06-20 15:30+01', '2019-06-20 16:30+01', '2019-06-20 15:00+01', 60, true, 'scheduled', at, at)
  RETURNING id INTO tamworth;
  -- The responses, each recorded on the day it came in.
  FOR r IN SELECT * FROM (VALUES
      ('support_single_organisation', 'patient', 'online',
       'Illustrative comment: one organisation should cost less to run and stop the same work being done six times.',
       NULL, NULL, true, DATE '2019-06-14'),
      ('keep_current_system', 'public', 'online',
       'Illustrative comment: a single body for 1.1 million people will not know my area. Decisions should stay local.',
       NULL, NULL, true, DATE '2019-06-18'),
      ('keep_current_system', 'gp_practice', 'public_meeting', NULL,
       'Illustrative comment: the CCGs already share a leadership team and meet in common; fix the money first.',
       'Illustrative comment: keep locality arrangements with locally sensitive commissioning decisions.', true,
       DATE '2019-06-20'),
      ('no_view', 'voluntary_group', 'email', NULL, NULL, 'Illustrative response, not for publication.', false,
       DATE '2019-07-02'),
      ('support_single_organisation', 'local_authority', 'letter', NULL, NULL, NULL, false, DATE '2019-07-25')
    ) AS given(position, respondent_type, channel, on_proposal, on_current, on_future, publish, received_on)
  LOOP
    at := pg_temp.story_at(r.received_on + TIME '17:00');
    INSERT INTO consultation_responses (consultation_id, position, respondent_type, channel, comments_on_proposal,
                                        comments_on_current_operation, comments_on_future_commissioning,
                                        consent_to_publish, received_on, created_at, updated_at)
    VALUES (consultation, r.position, r.respondent_type, r.channel, r.on_proposal, r.on_current, r.on_future,
            r.publish, r.received_on, at, at);
    IF r.received_on = DATE '2019-06-20' THEN
      UPDATE consultation_events SET status = 'held' WHERE id = tamworth;
    END IF;
  END LOOP;
  at := pg_temp.story_at('2019-07-31 17:00+01');
  PERFORM pg_temp.story_progress(m[5], 'complete', 100, '2019-07-31', 'The public consultation has closed.');

  -- September 2019: each CCG's GP members vote on the merger (tallies unknown); five defeat it.
  at := pg_temp.story_at('2019-09-02 09:00+01');
  PERFORM pg_temp.story_progress(m[6], 'in_progress', 10, NULL, 'The GP member practices of each CCG are voting.');
  FOREACH ccg IN ARRAY ccgs LOOP
    SELECT name INTO ccg_name FROM organisations WHERE id = ccg;
    INSERT INTO votes (body_id, motion, kind, subject_organisation_ids, opened_on, status, threshold, created_at,
                       updated_at)
    VALUES (ccg, 'GP members of ' || ccg_name || ' on merging the six CCGs into one organisation (the count was '
                 'verified by the LMC; tallies and exact dates are not in the sources, the dates are illustrative)',
            'approval', ccgs, '2019-09-02', 'open', 'simple_majority', at, at);
  END LOOP;
  at := pg_temp.story_at('2019-09-20 17:00+01');
  PERFORM set_config('incommon.action', 'close', true);
  UPDATE votes SET closed_on = '2019-09-20', status = 'closed',
                   declared_outcome = CASE WHEN body_id = (SELECT id FROM organisations WHERE name = 'NHS Stafford and Surrounds CCG')
                                           THEN 'carried' ELSE 'defeated' END,
                   outcome = CASE WHEN body_id = (SELECT id FROM organisations WHERE name = 'NHS Stafford and Surrounds CCG')
                                  THEN 'carried' ELSE 'defeated' END
  WHERE kind = 'approval' AND body_id = ANY(ccgs) AND opened_on = '2019-09-02';
  PERFORM set_config('incommon.action', '', true);
  PERFORM pg_temp.story_progress(m[6], 'complete', 100, '2019-09-20',
    'The GP members of five of the six CCGs voted against the merger; only Stafford and Surrounds voted for it.');
  at := pg_temp.story_at('2019-09-21 10:00+01');
  PERFORM pg_temp.story_progress(m[7], 'blocked', 0, NULL,
    'The LMC verified the count (Express & Star, 21 Sep 2019): the merger cannot go to NHS England this round.');

  -- The September board (date and place illustrative): the governing bodies go on meeting in common.
  at := pg_temp.story_at('2019-09-26 13:00+01');
  INSERT INTO meetings (title, kind, organisation_ids, starts_at, ends_at, location, status, quorum, created_at, updated_at)
  VALUES ('Governing bodies of the six CCGs meeting in common after the member votes (illustrative date and place)',
          'governing_body_in_common', ccgs, '2019-09-26 10:00+01', '2019-09-26 13:00+01',
          'Illustrative venue, Stafford', 'held', 1, at, at);

  -- 30 September 2019 (illustrative): the application dropped, the programme abandoned.
  at := pg_temp.story_at('2019-09-30 17:00+01');
  PERFORM pg_temp.story_progress(m[7], 'cancelled', 0, NULL, 'The application was dropped.');
  PERFORM pg_temp.story_progress(m[8], 'cancelled', 0, NULL, 'Not reached: the programme was abandoned.');
  UPDATE programmes SET status = 'abandoned', closed_on = '2019-09-30' WHERE id = programme;
  PERFORM set_config('incommon.recorded_at', '', true);
END
$seed$;
DROP FUNCTION pg_temp.story_progress(uuid, text, int, date, text);
DROP FUNCTION pg_temp.story_at(timestamptz);
