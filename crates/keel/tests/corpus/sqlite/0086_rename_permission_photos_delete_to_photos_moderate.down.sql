UPDATE permissions
   SET code  = 'photos.delete',
       label = 'Delete any photo'
 WHERE code = 'photos.moderate';
