DELETE FROM feature_flags WHERE id = 5;

DROP VIEW conversation_unread_counts;

-- the triggers go with their table
DROP TABLE messages;
DROP TABLE conversation_participants;
DROP TABLE conversations;
