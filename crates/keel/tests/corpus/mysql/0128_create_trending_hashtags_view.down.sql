DROP VIEW trending_hashtags;
