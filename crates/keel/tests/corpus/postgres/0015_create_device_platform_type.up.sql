CREATE TYPE device_platform AS ENUM ('ios', 'android');
