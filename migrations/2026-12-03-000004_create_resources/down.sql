DROP TABLE task_resources;
DROP TABLE resources;
