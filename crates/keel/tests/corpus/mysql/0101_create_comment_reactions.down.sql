DROP TABLE comment_reactions;
