DROP TRIGGER follows_bi_no_self;
