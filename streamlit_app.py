"""Router: page config, sign-in, and the navigation the member's roles allow.

Start it through the ASGI wrapper, `streamlit run app.py`, which adds the routes that set the session cookie."""

import streamlit as st

from assistant import ui
from assistant.i18n import _

# The language comes first: every string of the run, the page title and the navigation included, is produced
# after it (the member's choice once signed in, the browser's locale before). Reading the actor shows nothing.
actor = ui.signed_in_actor()
ui.use_language(actor)
st.set_page_config(page_title=_("Executive presence assistant"), page_icon=":material/campaign:", layout="wide")
if actor is None:
    navigation = st.navigation(ui.signed_out_pages())
else:
    ui.sidebar_identity(actor)
    navigation = st.navigation(ui.signed_in_pages(actor))
navigation.run()
