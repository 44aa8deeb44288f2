UPDATE permissions
SET code = 'photos.export',
    description = 'Download a ZIP of all photos; slow; rate-limited'
WHERE code = 'albums.export';
