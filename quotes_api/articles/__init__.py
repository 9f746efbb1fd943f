"""Articles: reading inputs (``reading``), metadata printed in the text (``metadata``), page
debris (``debris``) and the Article every later stage consumes (``model``)."""
