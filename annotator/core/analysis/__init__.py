"""Analysis of the coded claims: networks, timelines, counts; pure data that views and exports share."""
