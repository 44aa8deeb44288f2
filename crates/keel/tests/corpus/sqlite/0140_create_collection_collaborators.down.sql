DROP TABLE collection_collaborators;
