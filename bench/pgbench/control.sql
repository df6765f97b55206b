-- The control for milestone.sql: the same pipeline shape and the same random-key lookups, nothing else.
\set n random(1, 100000)
\startpipeline
SELECT (SELECT id FROM bench_ids WHERE n = :n), (SELECT id FROM bench_ids WHERE n = :n);
SELECT id FROM bench_ids WHERE n = :n;
\endpipeline
