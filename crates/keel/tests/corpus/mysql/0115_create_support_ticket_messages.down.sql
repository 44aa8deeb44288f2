DROP TABLE support_ticket_messages;
