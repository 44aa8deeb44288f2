-- share_link_seq is OWNED BY share_links.id and is dropped with the table.
DROP TABLE share_links;
