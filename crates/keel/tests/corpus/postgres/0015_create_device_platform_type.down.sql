DROP TYPE device_platform;
