-- café;
SELECT 'ünï;cødé 🦀' AS été;
　SELECT 2
