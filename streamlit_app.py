"""Router: page config, sign-in, and the navigation the member's roles allow.

Start it through the ASGI wrapper, `streamlit run app.py`, which adds the routes that set the session cookie."""

import streamlit as st

from assistant import ui

st.set_page_config(page_title="Executive presence assistant", page_icon=":material/campaign:", layout="wide")

actor = ui.signed_in_actor()
ui.use_language(actor)
if actor is None:
    navigation = st.navigation(ui.signed_out_pages())
else:
    ui.sidebar_identity(actor)
    navigation = st.navigation(ui.signed_in_pages(actor))
navigation.run()
