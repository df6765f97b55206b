-- GET /milestones/{id} as the server sends it to PostgreSQL (persistence/milestone_repository.cpp,
-- find_in_context; persistence/caveat_repository.cpp, the caveat list), for a random milestone:
-- the milestone in context and its caveats, pipelined. See bench/README.md, "What is left, and why".
-- Needs the table bench_ids (n, id) made there. Copied by hand: keep in step with those files.
\set n random(1, 100000)
\startpipeline
SELECT milestones.id::text, milestones.version, milestones.created_at, milestones.updated_at, milestones.programme_id::text, milestones.key, milestones.title, milestones.description, milestones.workstream, milestones.owner, milestones.baseline_date::text, milestones.baseline_reason, milestones.forecast_date::text, milestones.actual_date::text, milestones.status, milestones.percent_complete, array_to_string(milestones.depends_on, ','), programmes.target_date::text, programmes.status, programmes.starts_on::text, programmes.closed_on::text, d.id::text, d.key, d.status, d.baseline_date::text, d.forecast_date::text, d.actual_date::text FROM milestones JOIN programmes ON programmes.id = milestones.programme_id LEFT JOIN milestones d ON d.id = ANY(milestones.depends_on) WHERE milestones.id = (SELECT id FROM bench_ids WHERE n = :n);
SELECT caveats.id::text, caveats.version, caveats.created_at, caveats.updated_at, caveats.vote_id::text, caveats.text, caveats.added_on::text, caveats.status, caveats.owner_organisation_id::text, caveats.due_on::text, array_to_string(caveats.milestone_ids, ','), caveats.evidence FROM caveats WHERE caveats.added_on <= CURRENT_DATE AND caveats.id IN (SELECT caveat_id FROM caveat_milestones WHERE milestone_id = (SELECT id FROM bench_ids WHERE n = :n)) ORDER BY caveats.added_on, caveats.id LIMIT 201;
\endpipeline
