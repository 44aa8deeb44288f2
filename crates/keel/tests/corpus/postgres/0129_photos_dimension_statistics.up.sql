-- width and height are strongly correlated (common sensor sizes); tell the
-- planner so "WHERE width = 6000 AND height = 4000" isn't underestimated.
CREATE STATISTICS photos_width_height_stats (dependencies, ndistinct) ON width, height FROM photos;
