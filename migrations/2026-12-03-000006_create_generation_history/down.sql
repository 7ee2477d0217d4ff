DROP TABLE generation_attempts;
DROP TABLE plan_generations;
