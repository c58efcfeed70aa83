// Kùzu schema of a newsgraph export. Run this, then copy.cypher, from inside this folder.
CREATE NODE TABLE `Document`(`key` STRING, `id` STRING, `sources` STRING[], PRIMARY KEY(`key`));
CREATE NODE TABLE `Event`(`key` STRING, `date` STRING, `kind` STRING, `name` STRING, `round` INT64, `sources` STRING[], PRIMARY KEY(`key`));
CREATE NODE TABLE `Organization`(`key` STRING, `name` STRING, `sources` STRING[], PRIMARY KEY(`key`));
CREATE NODE TABLE `Person`(`key` STRING, `aliases` STRING[], `name` STRING, `sources` STRING[], PRIMARY KEY(`key`));
CREATE NODE TABLE `Place`(`key` STRING, `kind` STRING, `name` STRING, `sources` STRING[], PRIMARY KEY(`key`));
CREATE NODE TABLE `Topic`(`key` STRING, `name` STRING, `sources` STRING[], PRIMARY KEY(`key`));
CREATE REL TABLE `ABOUT`(FROM `Event` TO `Topic`, `sources` STRING[]);
CREATE REL TABLE `HELD_IN`(FROM `Event` TO `Place`, `sources` STRING[]);
CREATE REL TABLE `HOLDS_ROLE`(FROM `Person` TO `Organization`, `title` STRING, `sources` STRING[]);
CREATE REL TABLE `LOCATED_IN`(FROM `Place` TO `Place`, `confidence` DOUBLE, `sources` STRING[]);
CREATE REL TABLE `MENTIONS`(FROM `Document` TO `Event`, FROM `Document` TO `Organization`, FROM `Document` TO `Person`, FROM `Document` TO `Place`, FROM `Document` TO `Topic`, `count` INT64, `sources` STRING[]);
CREATE REL TABLE `MET`(FROM `Person` TO `Person`, `date` STRING, `event` STRING, `place` STRING, `sources` STRING[]);
CREATE REL TABLE `PARTICIPATED_IN`(FROM `Person` TO `Event`, `role` STRING, `sources` STRING[]);
