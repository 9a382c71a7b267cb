"""Icons, the stylesheet and desktop-integration files, installed as voxprivacy.resources.

Read them with importlib.resources.files("voxprivacy.resources") so the source
tree, an installed wheel and the PyInstaller bundle behave alike.
"""
