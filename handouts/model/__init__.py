"""The values everything else passes around: the library, the dose, schedules, front-matter schemas, video addresses,
the site's URL scheme and the link codec. No I/O."""
