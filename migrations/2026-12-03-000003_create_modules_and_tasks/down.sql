DROP TABLE tasks;
DROP TABLE modules;
