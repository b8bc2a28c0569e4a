"""Claims: the checkable details of each article (counts, places, targets, dates), aligned
across the articles of a story and labelled agree, compatible or conflict."""
