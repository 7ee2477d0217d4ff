DROP TABLE learning_plans;
DROP TABLE users;
