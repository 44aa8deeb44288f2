DROP FUNCTION claim_next_job(text, text);
