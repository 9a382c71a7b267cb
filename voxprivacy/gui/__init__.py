"""The desk: the Qt application. The only package that imports Qt."""
