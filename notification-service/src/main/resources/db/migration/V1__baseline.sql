-- The schema of notification-service starts here; its tables arrive with the features
-- that need them. Having a first version now means every later migration is applied
-- the same way on a fresh and on an existing database.
SELECT 1;
