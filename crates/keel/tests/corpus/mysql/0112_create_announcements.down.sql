DROP TABLE announcement_dismissals;
DROP TABLE announcements;
