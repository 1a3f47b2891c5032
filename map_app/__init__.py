"""Thaw Atlas map app: the Folium map of the gazetteer, the Streamlit app around it, and snapshot export."""
