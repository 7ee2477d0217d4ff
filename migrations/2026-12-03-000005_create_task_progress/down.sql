DROP TABLE task_progress;
