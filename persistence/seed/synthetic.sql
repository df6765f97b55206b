-- Synthetic programmes for benchmarks and load tests: `incommon seed synthetic --programmes N
-- --milestones-per M`. Nothing here is real: every name says "Synthetic". Each run adds N new
-- programmes beside whatever is there (its own run tag keeps names unique), set-based: one
-- statement per table, whatever N and M. The audit log is written by the tables' own triggers,
-- as for any other write, so it grows in proportion.
--
-- Per programme: three merging CCGs and a successor body, an LMC with a vote about them and
-- three caveats linked to milestones, M milestones over ten workstreams (each depending on the
-- one before in its workstream, every seventh also on one of another workstream), an update on
-- every fifth milestone, ten risks, five decisions in common.
DO $synthetic$
DECLARE
  n int := current_setting('incommon.synthetic_programmes')::int;
  m int := current_setting('incommon.synthetic_milestones_per')::int;
  tag text := to_char(clock_timestamp(), 'YYMMDDHH24MISS') || lpad((random() * 999)::int::text, 3, '0');
  start date := current_date - 300;
  workstreams text[] := ARRAY['governance', 'engagement', 'finance', 'legal', 'workforce', 'clinical', 'digital',
                              'estates', 'communications', 'other'];
  owners text[] := ARRAY['Programme director', 'Director of finance', 'Head of governance', 'Head of communications',
                         'Clinical lead', 'Workforce lead', 'Digital lead', 'Estates lead'];
  first_ref int;
BEGIN
  IF n < 1 OR m < 1 THEN RAISE EXCEPTION 'programmes and milestones-per must be at least 1'; END IF;

  CREATE TEMP TABLE syn_programmes ON COMMIT DROP AS
  SELECT p, gen_random_uuid() AS id, ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()] AS ccgs,
         gen_random_uuid() AS successor, gen_random_uuid() AS lmc, gen_random_uuid() AS vote
  FROM generate_series(1, n) AS p;

  INSERT INTO organisations (id, name, code, type, sub_region, population, status)
  SELECT c.id, format('Synthetic CCG %s-%s-%s', tag, sp.p, c.k), NULL, 'ccg', format('Synthetic region %s', sp.p % 40),
         150000 + (sp.p * 7919 + c.k * 104729) % 400000, 'merging'
  FROM syn_programmes sp, unnest(sp.ccgs) WITH ORDINALITY AS c(id, k)
  UNION ALL
  SELECT sp.successor, format('Synthetic ICB %s-%s', tag, sp.p), NULL, 'integrated_care_board',
         format('Synthetic region %s', sp.p % 40), NULL, 'planned'
  FROM syn_programmes sp
  UNION ALL
  SELECT sp.lmc, format('Synthetic LMC %s-%s', tag, sp.p), NULL, 'lmc', format('Synthetic region %s', sp.p % 40), NULL,
         'active'
  FROM syn_programmes sp;

  UPDATE organisations o SET successor_id = sp.successor
  FROM syn_programmes sp WHERE o.id = ANY (sp.ccgs);

  INSERT INTO programmes (id, name, description, target_date, status, organisation_ids, successor_id)
  SELECT sp.id, format('Synthetic programme %s-%s', tag, sp.p), 'Synthetic data for benchmarks.', start + 540, 'active',
         sp.ccgs, sp.successor
  FROM syn_programmes sp;

  -- Milestones: ids first, so that dependencies can name them in the same insert.
  CREATE TEMP TABLE syn_milestones ON COMMIT DROP AS
  SELECT sp.id AS programme_id, i, gen_random_uuid() AS id, (i - 1) % 10 + 1 AS w,
         start + ((i - 1) * 520 / m) AS baseline,
         start + ((i - 1) * 520 / m) + ((i * 37 + sp.p * 11) % 41) - 10 AS forecast
  FROM syn_programmes sp, generate_series(1, m) AS i;
  CREATE INDEX ON syn_milestones (programme_id, i);
  ANALYZE syn_milestones;

  INSERT INTO milestones (id, programme_id, key, title, workstream, owner, baseline_date, forecast_date, actual_date,
                          status, percent_complete, depends_on)
  SELECT sm.id, sm.programme_id, 'M' || lpad(sm.i::text, 4, '0'),
         format('Synthetic %s milestone %s', workstreams[sm.w], sm.i), workstreams[sm.w], owners[(sm.i - 1) % 8 + 1],
         sm.baseline, sm.forecast,
         CASE WHEN sm.forecast < current_date - 20 AND sm.i % 13 <> 0 THEN sm.forecast END,
         CASE WHEN sm.forecast < current_date - 20 AND sm.i % 13 <> 0 THEN 'complete'
              WHEN sm.i % 29 = 0 THEN 'blocked'
              WHEN sm.baseline < current_date + 30 THEN 'in_progress'
              ELSE 'not_started' END,
         CASE WHEN sm.forecast < current_date - 20 AND sm.i % 13 <> 0 THEN 100
              WHEN sm.baseline < current_date + 30 THEN (sm.i * 17) % 90 + 5
              ELSE 0 END,
         array_remove(ARRAY[prev_in_workstream, CASE WHEN sm.i % 7 = 0 THEN prev_other END], NULL)
  FROM (SELECT sm.*, lag(sm.id) OVER (PARTITION BY sm.programme_id, sm.w ORDER BY sm.i) AS prev_in_workstream,
               lag(sm.id, 3) OVER (PARTITION BY sm.programme_id ORDER BY sm.i) AS prev_other
        FROM syn_milestones sm) sm
  JOIN syn_programmes sp ON sp.id = sm.programme_id;

  INSERT INTO milestone_updates (milestone_id, comment, status, percent_complete, author, milestone_version)
  SELECT mi.id, 'Synthetic progress note.', mi.status, mi.percent_complete, 'synthetic seed', mi.version
  FROM milestones mi JOIN syn_milestones sm ON sm.id = mi.id
  WHERE sm.i % 5 = 0;

  INSERT INTO risks (programme_id, kind, title, likelihood, impact, owner, mitigation, status, closed_on, milestone_ids)
  SELECT sp.id, (ARRAY['risk', 'assumption', 'issue', 'dependency'])[k % 4 + 1], format('Synthetic risk %s', k),
         (sp.p + k) % 5 + 1, (sp.p * 3 + k) % 5 + 1, owners[k % 8 + 1], 'Synthetic mitigation.',
         (ARRAY['open', 'mitigating', 'closed'])[k % 3 + 1],
         CASE WHEN k % 3 = 2 THEN CURRENT_DATE END,
         ARRAY(SELECT sm.id FROM syn_milestones sm WHERE sm.programme_id = sp.id AND sm.i = (k * 41) % m + 1)
  FROM syn_programmes sp, generate_series(1, 10) AS k;

  INSERT INTO votes (id, body_id, motion, kind, subject_organisation_ids, opened_on, closed_on, status, threshold,
                     votes_for, votes_against, votes_abstained, eligible, outcome)
  SELECT sp.vote, sp.lmc, 'Synthetic motion: support the merger with caveats.', 'endorsement', sp.ccgs, start + 30,
         start + 44, 'closed', 'simple_majority', 31, 12, 3, 60, 'carried'
  FROM syn_programmes sp;

  INSERT INTO caveats (vote_id, text, added_on, status, owner_organisation_id, due_on, milestone_ids)
  SELECT sp.vote, format('Synthetic caveat %s.', k), start + 44, (ARRAY['attached', 'accepted', 'proposed'])[k],
         sp.ccgs[k], start + 100 * k,
         ARRAY(SELECT sm.id FROM syn_milestones sm WHERE sm.programme_id = sp.id AND sm.i IN (k * 3, k * 3 + 10))
  FROM syn_programmes sp, generate_series(1, 3) AS k;

  -- Decisions in common, numbered on from the year's counter as any other decision is.
  INSERT INTO decision_reference_counters (year, last) VALUES (extract(year FROM current_date)::int, n * 5)
  ON CONFLICT (year) DO UPDATE SET last = decision_reference_counters.last + n * 5, updated_at = now()
  RETURNING last - n * 5 INTO first_ref;
  INSERT INTO decisions (reference, title, summary, decided_on, status, outcomes, organisation_ids, overall, ratified_at)
  SELECT format('DEC-%s-%s', extract(year FROM current_date)::int,
                lpad(ref::text, greatest(4, length(ref::text)), '0')),  -- four digits at least, never cut
         format('Synthetic decision %s of programme %s', k, sp.p), 'Synthetic data for benchmarks.',
         start + 60 * k, 'ratified',
         (SELECT jsonb_agg(jsonb_build_object('organisation_id', o, 'outcome', 'approved', 'votes_for', NULL,
                                              'votes_against', NULL, 'votes_abstained', NULL) ORDER BY o)
          FROM unnest(sp.ccgs) AS o),
         sp.ccgs, 'approved_in_common', (start + 60 * k)::timestamptz + interval '14 hours'
  FROM syn_programmes sp, generate_series(1, 5) AS k, LATERAL (SELECT first_ref + (sp.p - 1) * 5 + k AS ref) AS numbered;
END $synthetic$;
