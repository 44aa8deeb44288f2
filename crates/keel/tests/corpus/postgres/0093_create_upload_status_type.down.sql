DROP TYPE upload_status;
