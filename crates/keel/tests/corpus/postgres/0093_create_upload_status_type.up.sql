CREATE TYPE upload_status AS ENUM ('pending', 'processing', 'ready', 'failed');
