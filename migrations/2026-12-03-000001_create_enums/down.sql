DROP TYPE job_type;
DROP TYPE job_status;
DROP TYPE progress_status;
DROP TYPE resource_type;
DROP TYPE learning_style;
DROP TYPE skill_level;
