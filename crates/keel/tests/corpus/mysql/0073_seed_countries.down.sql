DELETE FROM countries
WHERE code IN ('AT', 'BE', 'CH', 'CI', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'NL', 'SE', 'US');
