INSERT INTO users (id, email, name) VALUES
    (1, 'ada@example.com', 'Ada'),
    (2, 'grace@example.com', 'Grace');
INSERT INTO photos (user_id, url, caption) VALUES
    (1, 'https://img.example.com/1.jpg', 'Sunrise; over the bay'),
    (1, 'https://img.example.com/2.jpg', 'It''s a cat'),
    (2, 'https://img.example.com/3.jpg', NULL);
