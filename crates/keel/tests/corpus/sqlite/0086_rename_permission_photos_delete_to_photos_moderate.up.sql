-- Moderators hide content (soft delete) more often than they delete it.
UPDATE permissions
   SET code  = 'photos.moderate',
       label = 'Hide or delete any photo; review reports'
 WHERE code = 'photos.delete';
