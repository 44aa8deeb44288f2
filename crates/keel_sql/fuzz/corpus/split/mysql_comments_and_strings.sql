# hash; comment
SELECT 1--1;
SELECT 'a\';b', "c""d;" -- c;
;/*!40101 SET NAMES utf8 */;SELECT /*+ hint; */ 1;